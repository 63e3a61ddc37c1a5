package dev.locus.session;

import java.time.Duration;

/**
 * When a workflow waiting for its session asks again about its lease ({@link SessionLeaseCheckActivity}), and when
 * it gives the lease up as lost on its way to a worker.
 */
final class LeaseStartCheck {
  /** The longest wait between checks of a lease still waiting for a worker with a free slot. */
  static final Duration MAX_INTERVAL = Duration.ofSeconds(30);

  /**
   * How long a started lease may stay silent before it is given up: the worker lists the session in its presence
   * (which can take one heartbeat timeout) before it reports the session started, and the report takes a moment more.
   */
  static Duration grace(Duration heartbeatTimeout) {
    return heartbeatTimeout.multipliedBy(3);
  }

  /** Given up ({@code lost}), or asked about again after {@code next}. */
  record Verdict(boolean lost, Duration next) {}

  private LeaseStartCheck() {}

  /**
   * @param state what the check answered; null when it failed (no worker answered in time, or old workers)
   * @param nowMillis the workflow's time, the server's clock as the lease's start time is
   * @param interval the wait before this check
   */
  static Verdict after(SessionLeaseCheckActivity.LeaseState state, long nowMillis, Duration interval,
      Duration heartbeatTimeout) {
    if (state != null && state.pending() && state.startedAtMillis() > 0) {
      long silent = nowMillis - state.startedAtMillis();
      long grace = grace(heartbeatTimeout).toMillis();
      return silent >= grace ? new Verdict(true, Duration.ZERO) : new Verdict(false, Duration.ofMillis(grace - silent));
    }
    Duration doubled = interval.multipliedBy(2);
    return new Verdict(false, doubled.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : doubled);
  }
}
