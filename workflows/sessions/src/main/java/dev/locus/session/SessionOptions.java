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
 * @param liveness how the loss of the session's worker is detected: {@link Liveness#PER_SESSION} (the default) or
 *     {@link Liveness#PER_WORKER}
 */
public record SessionOptions(
    String sharedQueue,
    Duration creationTimeout,
    Duration heartbeatTimeout,
    Duration executionTimeout,
    Set<SessionFailureReason> failureReasons,
    Duration resumeWithin,
    Liveness liveness) {

  public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);

  /** How a session learns that its worker is gone. */
  public enum Liveness {
    /**
     * The session's lease heartbeats within {@link #heartbeatTimeout}: one heartbeat call about every 0.8 timeout per
     * open session (about 1,500 an hour with the 3 s default).
     */
    PER_SESSION,
    /**
     * One presence per worker (per heartbeat timeout its sessions use), whatever the number of its sessions: the
     * worker heartbeats it within {@link #heartbeatTimeout}, and its loss fails all of the worker's sessions at once as
     * WorkerLost. The lease heartbeats only as a backstop, within {@link #leaseBackstop}. Another session worker of the
     * shared queue reports the loss: a lone worker's loss is reported when it comes back, or by the backstop. Needs
     * workers of Locus 0.4 or later. A session's lease that the server started on a poll that never ran it (the last
     * poll of a process going away, which still polls its own queue when its session is asked back) is given up
     * after three heartbeat timeouts without a word, and asked for again ({@link SessionLeaseCheckActivity}, which
     * workers of Locus 0.5 or later answer). A worker that other workers can reach over HTTP
     * ({@link SessionHost#answerPresenceProbesAt}) is probed by one of them instead, and its presence heartbeats only as
     * a backstop.
     */
    PER_WORKER
  }

  public SessionOptions {
    Objects.requireNonNull(creationTimeout, "creationTimeout");
    Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    Objects.requireNonNull(executionTimeout, "executionTimeout");
    failureReasons = Set.copyOf(failureReasons);
    resumeWithin = resumeWithin == null ? Duration.ZERO : resumeWithin;
    liveness = liveness == null ? Liveness.PER_SESSION : liveness;
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

  /** As before {@link Liveness} existed: {@link Liveness#PER_SESSION}. */
  public SessionOptions(String sharedQueue, Duration creationTimeout, Duration heartbeatTimeout,
      Duration executionTimeout, Set<SessionFailureReason> failureReasons, Duration resumeWithin) {
    this(sharedQueue, creationTimeout, heartbeatTimeout, executionTimeout, failureReasons, resumeWithin,
        Liveness.PER_SESSION);
  }

  /**
   * A 10 minute creation timeout, a 3 s heartbeat timeout, a 6 h execution timeout, no domain reasons and no
   * resume.
   */
  public static SessionOptions defaults() {
    return new SessionOptions(null, Duration.ofMinutes(10), DEFAULT_HEARTBEAT_TIMEOUT, Duration.ofHours(6), Set.of());
  }

  public SessionOptions withSharedQueue(String queue) {
    return new SessionOptions(queue, creationTimeout, heartbeatTimeout, executionTimeout, failureReasons, resumeWithin,
        liveness);
  }

  public SessionOptions withCreationTimeout(Duration d) {
    return new SessionOptions(sharedQueue, d, heartbeatTimeout, executionTimeout, failureReasons, resumeWithin,
        liveness);
  }

  public SessionOptions withHeartbeatTimeout(Duration d) {
    return new SessionOptions(sharedQueue, creationTimeout, d, executionTimeout, failureReasons, resumeWithin,
        liveness);
  }

  public SessionOptions withExecutionTimeout(Duration d) {
    return new SessionOptions(sharedQueue, creationTimeout, heartbeatTimeout, d, failureReasons, resumeWithin,
        liveness);
  }

  public SessionOptions withFailureReasons(SessionFailureReason... reasons) {
    return new SessionOptions(sharedQueue, creationTimeout, heartbeatTimeout, executionTimeout, Set.of(reasons),
        resumeWithin, liveness);
  }

  /**
   * Lets a session outlive a restart of its worker: when the worker is lost or restarts, the workflow waits up to
   * {@code d} for it to come back under the same identity with the session's local data (a worker that keeps it:
   * {@link SessionHost#keepSessionsAcrossRestarts}), and then continues from the first step not done.
   */
  public SessionOptions withResumeWithin(Duration d) {
    return new SessionOptions(sharedQueue, creationTimeout, heartbeatTimeout, executionTimeout, failureReasons, d,
        liveness);
  }

  public SessionOptions withLiveness(Liveness l) {
    return new SessionOptions(sharedQueue, creationTimeout, heartbeatTimeout, executionTimeout, failureReasons,
        resumeWithin, l);
  }

  /**
   * The lease's heartbeat timeout under {@link Liveness#PER_WORKER}: 100 heartbeat timeouts, at least 5 minutes. It
   * catches what the worker's presence cannot: a session its worker never listed, or no worker left to report.
   */
  public Duration leaseBackstop() {
    Duration hundred = heartbeatTimeout.multipliedBy(100);
    return hundred.compareTo(Duration.ofMinutes(5)) > 0 ? hundred : Duration.ofMinutes(5);
  }
}
