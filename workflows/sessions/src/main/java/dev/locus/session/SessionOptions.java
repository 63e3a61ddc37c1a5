package dev.locus.session;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How a workflow opens a session. Start from {@link #defaults()}.
 *
 * @param sharedQueue the queue every session worker serves; null means the workflow's own queue
 * @param creationTimeout how long to wait for a worker with a free slot before failing with CreationTimedOut
 * @param heartbeatTimeout a worker that stays silent this long is declared lost
 * @param executionTimeout the longest a session may stay open
 * @param failureReasons the domain's own reasons ({@link SessionFailureReason#declare}): an activity failing with
 *     one of their failure types ends the session
 */
public record SessionOptions(
    String sharedQueue,
    Duration creationTimeout,
    Duration heartbeatTimeout,
    Duration executionTimeout,
    Set<SessionFailureReason> failureReasons) {

  public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);

  public SessionOptions {
    Objects.requireNonNull(creationTimeout, "creationTimeout");
    Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    Objects.requireNonNull(executionTimeout, "executionTimeout");
    failureReasons = Set.copyOf(failureReasons);
    if (heartbeatTimeout.toMillis() < 500) {
      throw new IllegalArgumentException("heartbeatTimeout must be at least 500ms, got " + heartbeatTimeout);
    }
  }

  /** A 10 minute creation timeout, a 3 s heartbeat timeout, a 6 h execution timeout and no domain reasons. */
  public static SessionOptions defaults() {
    return new SessionOptions(null, Duration.ofMinutes(10), DEFAULT_HEARTBEAT_TIMEOUT, Duration.ofHours(6), Set.of());
  }

  public SessionOptions withSharedQueue(String queue) {
    return new SessionOptions(queue, creationTimeout, heartbeatTimeout, executionTimeout, failureReasons);
  }

  public SessionOptions withCreationTimeout(Duration d) {
    return new SessionOptions(sharedQueue, d, heartbeatTimeout, executionTimeout, failureReasons);
  }

  public SessionOptions withHeartbeatTimeout(Duration d) {
    return new SessionOptions(sharedQueue, creationTimeout, d, executionTimeout, failureReasons);
  }

  public SessionOptions withExecutionTimeout(Duration d) {
    return new SessionOptions(sharedQueue, creationTimeout, heartbeatTimeout, d, failureReasons);
  }

  public SessionOptions withFailureReasons(SessionFailureReason... reasons) {
    return new SessionOptions(sharedQueue, creationTimeout, heartbeatTimeout, executionTimeout, Set.of(reasons));
  }
}
