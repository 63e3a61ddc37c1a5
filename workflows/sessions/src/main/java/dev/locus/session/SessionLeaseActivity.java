package dev.locus.session;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Runs on the shared queue for as long as a session is open. Only a worker with a free session slot polls it, so
 * taking this task is taking a slot; its heartbeat is the session's liveness, or its backstop.
 */
@ActivityInterface
public interface SessionLeaseActivity {
  String TYPE = "LocusSessionLease";

  /**
   * @param underPresence whether the worker's presence covers the session ({@link SessionOptions.Liveness#PER_WORKER}),
   *     so that this lease's heartbeat is only a backstop; null from workflows before Locus 0.4
   */
  @ActivityMethod(name = TYPE)
  void holdSession(String sessionId, Boolean underPresence);
}
