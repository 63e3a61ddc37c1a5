package dev.locus.session;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Duration;

/**
 * Runs on the shared queue for as long as a session is open. Only a worker with a free session slot polls it, so
 * taking this task is taking a slot; its heartbeat is the session's liveness, or its backstop.
 */
@ActivityInterface
public interface SessionLeaseActivity {
  String TYPE = "LocusSessionLease";

  /**
   * @param presenceTimeout under {@link SessionOptions.Liveness#PER_WORKER}, the session's heartbeat timeout, which the
   *     worker's presence keeps (this lease's heartbeat is then only a backstop); null for a lease that is the
   *     session's liveness, and from workflows before Locus 0.4
   */
  @ActivityMethod(name = TYPE)
  void holdSession(String sessionId, Duration presenceTimeout);
}
