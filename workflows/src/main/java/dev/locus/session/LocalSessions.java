package dev.locus.session;

import java.util.function.Consumer;

/** What a session's activities need to know of the sessions open on their worker. */
public interface LocalSessions {
  String workerId();

  boolean isOpen(String sessionId);

  /** Called with the session id whenever a session on this worker ends, however it ends. */
  void onSessionClosed(Consumer<String> listener);
}
