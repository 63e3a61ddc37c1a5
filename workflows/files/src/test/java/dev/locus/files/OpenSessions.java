package dev.locus.files;

import dev.locus.session.LocalSessions;
import dev.locus.session.SessionFailureReason;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** An in-memory session table for running file activities outside a session worker. */
final class OpenSessions implements LocalSessions {
  private final Set<String> open = ConcurrentHashMap.newKeySet();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  String open(String sessionId) {
    open.add(sessionId);
    return sessionId;
  }

  void close(String sessionId) {
    open.remove(sessionId);
    listeners.forEach(l -> l.accept(sessionId));
  }

  @Override
  public String workerId() {
    return "test-worker";
  }

  @Override
  public boolean isOpen(String sessionId) {
    return open.contains(sessionId);
  }

  @Override
  public SessionFailureReason endReason(String sessionId) {
    return SessionFailureReason.LOCAL_DATA_MISSING;
  }

  @Override
  public void onSessionClosed(Consumer<String> listener) {
    listeners.add(listener);
  }
}
