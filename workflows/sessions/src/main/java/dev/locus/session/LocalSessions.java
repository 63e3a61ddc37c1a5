package dev.locus.session;

import io.temporal.failure.ApplicationFailure;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a session's activities need to know of the sessions open on their worker. A session's activities should
 * stop when {@link #isOpen} turns false, throwing {@link #ended}: the workflow has let them go.
 */
public interface LocalSessions {
  String workerId();

  boolean isOpen(String sessionId);

  /**
   * The failure an activity of a session that is no longer open here must end with: the session's failure reason
   * as a non-retryable ApplicationFailure, so that the workflow sees a session failure, never a work failure.
   *
   * @param detail what the activity was doing, or null
   * @param cause the activity's own failure, or null
   */
  default ApplicationFailure ended(String sessionId, String detail, Throwable cause) {
    SessionFailureReason reason = endReason(sessionId);
    String message = "session " + sessionId + " is no longer open on worker " + workerId() + " (" + reason.type()
        + ")" + (detail == null ? "" : ": " + detail);
    return ApplicationFailure.newNonRetryableFailureWithCause(message, reason.failureType(), cause);
  }

  /**
   * The guard a long activity calls now and then: returns while the session is open here, else throws
   * {@link #ended}.
   */
  default void ensureOpen(String sessionId, String detail) {
    if (!isOpen(sessionId)) {
      throw ended(sessionId, detail, null);
    }
  }

  /**
   * Sessions of this worker's previous process that may still be resumed here: their local data must be kept. Empty
   * unless the worker keeps sessions across restarts.
   */
  default Set<String> resumableSessions() {
    return Set.of();
  }

  /** Why the session is not open here (any reason when it is). */
  SessionFailureReason endReason(String sessionId);

  /**
   * Called with the session id once a session on this worker has ended, however it ended, and none of its activities
   * runs any more: its local data can be removed then without any activity seeing it half-removed.
   */
  void onSessionClosed(Consumer<String> listener);
}
