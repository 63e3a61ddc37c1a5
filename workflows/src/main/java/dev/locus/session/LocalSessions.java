package dev.locus.session;

import java.util.function.Consumer;

/**
 * What a session's activities need to know of the sessions open on their worker. A session's activities should
 * stop when {@link #isOpen} turns false: the workflow has let them go, and their local data is being removed.
 */
public interface LocalSessions {
  String workerId();

  boolean isOpen(String sessionId);

  /** True once the worker has begun to drain: sessions that end now end because of it. */
  boolean isDraining();

  /** Called with the session id whenever a session on this worker ends, however it ends. */
  void onSessionClosed(Consumer<String> listener);
}
