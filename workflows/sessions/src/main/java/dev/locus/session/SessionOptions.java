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
 * @param resumeWithin how long {@link WorkerSessions#runWithReroute} waits for a lost or restarting worker to come
 *     back under the same identity with the session's local data, before it re-routes; zero (the default): never
 */
public record SessionOptions(
    String sharedQueue,
    Duration creationTimeout,
    Duration heartbeatTimeout,
    Duration executionTimeout,
    Set<SessionFailureReason> failureReasons,
    Duration resumeWithin) {

  public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);

  public SessionOptions {
    Objects.requireNonNull(creationTimeout, "creationTimeout");
    Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    Objects.requireNonNull(executionTimeout, "executionTimeout");
    failureReasons = Set.copyOf(failureReasons);
    resumeWithin = resumeWithin == null ? Duration.ZERO : resumeWithin;
    if (resumeWithin.isNegative()) {
      throw new IllegalArgumentException("resumeWithin must not be negative, got " + resumeWithin);
    }
    if (heartbeatTimeout.toMillis() < 500) {
      throw new IllegalArgumentException("heartbeatTimeout must be at least 500ms, got " + heartbeatTimeout);
    }
  }

  /** As before resume existed: sessions are never resumed. */
  public SessionOptions(String sharedQueue, Duration creationTimeout, Duration heartbeatTimeout,
      Duration executionTimeout, Set<SessionFailureReason> failureReasons) {
    this(sharedQueue, creationTimeout, heartbeatTimeout, executionTimeout, failureReasons, Duration.ZERO);
  }

  /**
   * A 10 minute creation timeout, a 3 s heartbeat timeout, a 6 h execution timeout, no domain reasons and no
   * resume.
   */
  public static SessionOptions defaults() {
    return new SessionOptions(null, Duration.ofMinutes(10), DEFAULT_HEARTBEAT_TIMEOUT, Duration.ofHours(6), Set.of());
  }

  public SessionOptions withSharedQueue(String queue) {
    return new SessionOptions(queue, creationTimeout, heartbeatTimeout, executionTimeout, failureReasons, resumeWithin);
  }

  public SessionOptions withCreationTimeout(Duration d) {
    return new SessionOptions(sharedQueue, d, heartbeatTimeout, executionTimeout, failureReasons, resumeWithin);
  }

  public SessionOptions withHeartbeatTimeout(Duration d) {
    return new SessionOptions(sharedQueue, creationTimeout, d, executionTimeout, failureReasons, resumeWithin);
  }

  public SessionOptions withExecutionTimeout(Duration d) {
    return new SessionOptions(sharedQueue, creationTimeout, heartbeatTimeout, d, failureReasons, resumeWithin);
  }

  public SessionOptions withFailureReasons(SessionFailureReason... reasons) {
    return new SessionOptions(sharedQueue, creationTimeout, heartbeatTimeout, executionTimeout, Set.of(reasons),
        resumeWithin);
  }

  /**
   * Lets a session outlive a restart of its worker: when the worker is lost or restarts, the workflow waits up to
   * {@code d} for it to come back under the same identity with the session's local data (a worker that keeps it:
   * {@link SessionHost#keepSessionsAcrossRestarts}), and then continues from the first step not done.
   */
  public SessionOptions withResumeWithin(Duration d) {
    return new SessionOptions(sharedQueue, creationTimeout, heartbeatTimeout, executionTimeout, failureReasons, d);
  }
}
