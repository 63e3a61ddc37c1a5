package dev.locus.session;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Runs on the shared queue for as long as a session is open. Only a worker with a free session slot polls it, so
 * taking this task is taking a slot; its heartbeat is the session's liveness.
 */
@ActivityInterface
public interface SessionLeaseActivity {
  String TYPE = "LocusSessionLease";

  @ActivityMethod(name = TYPE)
  void holdSession(String sessionId);
}
