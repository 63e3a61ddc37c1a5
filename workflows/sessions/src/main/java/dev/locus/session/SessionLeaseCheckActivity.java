package dev.locus.session;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Runs on {@link TaskQueues#presenceQueue}, for a workflow under {@link SessionOptions.Liveness#PER_WORKER} still
 * waiting for its session: what the server knows of the session's lease. A lease the server handed to a poll that
 * never ran it (a worker's last poll as it exits) is started there yet silent, and only its 5-minute backstop would
 * tell.
 */
@ActivityInterface
public interface SessionLeaseCheckActivity {
  String TYPE = "LocusSessionLeaseCheck";

  /**
   * @param pending the lease has not ended
   * @param startedAtMillis when a worker's poll took it, by the server's clock; 0 while it waits for one
   */
  record LeaseState(boolean pending, long startedAtMillis) {}

  /** The state of the lease of session {@code sessionId}, scheduled by the calling workflow run. */
  @ActivityMethod(name = TYPE)
  LeaseState leaseState(String sessionId);
}
