package dev.locus.session;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Duration;
import java.util.List;

/**
 * Runs on a worker's own queue while it holds sessions under {@link SessionOptions.Liveness#PER_WORKER}: its heartbeat
 * is the worker's presence, and its heartbeat details list those sessions, so that its timeout can fail them all.
 */
@ActivityInterface
public interface WorkerPresenceActivity {
  String TYPE = "LocusWorkerPresence";
  String PROBED_TYPE = "LocusWorkerProbedPresence";

  /** The presence of the sessions with the activity's heartbeat timeout. */
  @ActivityMethod(name = TYPE)
  void stayPresent();

  /**
   * The presence of the sessions with heartbeat timeout {@code timeout}, of a worker whose process other workers
   * probe ({@link PresenceProbeActivity}): its own heartbeat timeout is only a backstop.
   */
  @ActivityMethod(name = PROBED_TYPE)
  void stayProbedPresent(Duration timeout);

  /** A session that a worker's presence covers, and the workflow run that holds it. */
  record PresentSession(String sessionId, String workflowId, String runId) {}

  /** The heartbeat details of the presence: the worker's process, and the sessions it holds. */
  record Details(String incarnation, List<PresentSession> sessions) {}
}
