package dev.locus.session;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * Watches one worker's presence, on {@link TaskQueues#presenceQueue}: it runs {@link WorkerPresenceActivity} on the
 * worker's own queue, and when its heartbeat times out, signals WorkerLost to every session the worker last listed.
 * Any other session worker of the shared queue runs it. The worker starts it with {@link #wanted} (signal-with-start)
 * when it takes its first such session; it ends when the worker has none left, or is lost.
 */
@WorkflowInterface
public interface WorkerPresenceWorkflow {
  String TYPE = "LocusWorkerPresence";

  @WorkflowMethod(name = TYPE)
  void watch(String workerId, String workerQueue, Duration timeout);

  /** The worker wants its presence (again): a run about to end schedules another presence. */
  @SignalMethod(name = "LocusPresenceWanted")
  void wanted();
}
