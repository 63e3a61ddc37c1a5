package dev.locus.session;

import java.time.Duration;
import java.util.Objects;

/**
 * How a workflow opens a session.
 *
 * @param sharedQueue the queue every session worker polls for new sessions; null means the workflow's own queue
 * @param creationTimeout how long to wait for a worker with a free slot before failing with CreationTimedOut
 * @param heartbeatTimeout a worker that stays silent this long is declared lost
 * @param executionTimeout the longest a session may stay open
 * @param activityHeartbeatTimeout heartbeat timeout given to activities run through the session; larger than
 *     {@code heartbeatTimeout} so the session, not the activity, reports a lost worker
 */
public record SessionOptions(
    String sharedQueue,
    Duration creationTimeout,
    Duration heartbeatTimeout,
    Duration executionTimeout,
    Duration activityHeartbeatTimeout) {

  public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);

  public SessionOptions {
    Objects.requireNonNull(creationTimeout, "creationTimeout");
    Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    Objects.requireNonNull(executionTimeout, "executionTimeout");
    Objects.requireNonNull(activityHeartbeatTimeout, "activityHeartbeatTimeout");
    if (heartbeatTimeout.toMillis() < 500) {
      throw new IllegalArgumentException("heartbeatTimeout must be at least 500ms, got " + heartbeatTimeout);
    }
  }

  public static SessionOptions defaults() {
    return new SessionOptions(
        null, Duration.ofMinutes(10), DEFAULT_HEARTBEAT_TIMEOUT, Duration.ofHours(6), Duration.ofSeconds(10));
  }

  public SessionOptions withSharedQueue(String queue) {
    return new SessionOptions(queue, creationTimeout, heartbeatTimeout, executionTimeout, activityHeartbeatTimeout);
  }

  public SessionOptions withCreationTimeout(Duration d) {
    return new SessionOptions(sharedQueue, d, heartbeatTimeout, executionTimeout, activityHeartbeatTimeout);
  }

  /** Sets the session heartbeat timeout; activity heartbeat timeouts stay at least 3x larger. */
  public SessionOptions withHeartbeatTimeout(Duration d) {
    Duration activity = activityHeartbeatTimeout.compareTo(d.multipliedBy(3)) < 0 ? d.multipliedBy(3)
        : activityHeartbeatTimeout;
    return new SessionOptions(sharedQueue, creationTimeout, d, executionTimeout, activity);
  }

  public SessionOptions withExecutionTimeout(Duration d) {
    return new SessionOptions(sharedQueue, creationTimeout, heartbeatTimeout, d, activityHeartbeatTimeout);
  }
}
