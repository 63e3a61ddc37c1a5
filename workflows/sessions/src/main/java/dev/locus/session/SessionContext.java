package dev.locus.session;

import io.temporal.failure.ApplicationFailure;
import java.util.Optional;

/**
 * The session an activity runs in, seen from the activity, on the thread that runs it. Activities learn it from the
 * session header the workflow side adds; they need no session parameter.
 *
 * <p>A long activity calls {@link #ensureOpen()} now and then (where it heartbeats, say): once its session has ended
 * on this worker the workflow has let it go, and it should stop.
 */
public final class SessionContext {
  private static final ThreadLocal<SessionContext> CURRENT = new ThreadLocal<>();

  private final String sessionId;
  private final SessionHost host;

  SessionContext(String sessionId, SessionHost host) {
    this.sessionId = sessionId;
    this.host = host;
  }

  /**
   * The session of the activity running on this thread.
   *
   * @throws IllegalStateException outside an activity run through a session
   */
  public static SessionContext current() {
    return find().orElseThrow(() -> new IllegalStateException(
        "not in a session activity: SessionContext is set on the thread of an activity run through a WorkerSession,"
            + " on a worker whose factory has the session host's interceptor"));
  }

  /** The session of the activity running on this thread, if it runs in one. */
  public static Optional<SessionContext> find() {
    return Optional.ofNullable(CURRENT.get());
  }

  public String sessionId() {
    return sessionId;
  }

  /** The identity of the worker holding the session (its pod name in Kubernetes). */
  public String workerId() {
    return host.workerId();
  }

  /** The worker's own queue, where the session's activities run. */
  public String taskQueue() {
    return host.taskQueue();
  }

  /** Whether the session is still open on this worker. */
  public boolean isOpen() {
    return host.isOpen(sessionId);
  }

  /**
   * Returns if the session is open; else throws the failure the activity must end with: the session's reason, as a
   * non-retryable ApplicationFailure, so that the workflow sees a session failure, never a work failure.
   */
  public void ensureOpen() {
    host.ensureOpen(sessionId, "the activity stopped because its session ended");
  }

  /** The failure an activity of this session ends with once the session is no longer open here. */
  public ApplicationFailure ended(String detail) {
    return host.ended(sessionId, detail, null);
  }

  Scope enter() {
    SessionContext previous = CURRENT.get();
    CURRENT.set(this);
    return () -> CURRENT.set(previous);
  }

  /** Restores the thread's previous context. */
  interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
