package dev.locus.session;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;

/**
 * Watches one worker's presence, on {@link TaskQueues#presenceQueue}: it runs {@link WorkerPresenceActivity} on the
 * worker's own queue, and when its heartbeat times out, signals WorkerLost to every session the worker last listed.
 * Where the worker answers presence probes, a {@link PresenceProbeActivity} on another worker also watches it, and the
 * presence's heartbeat timeout is only a backstop. Any other session worker of the shared queue runs it. The worker
 * starts it with {@link #wanted} or {@link #wantedProbed} (signal-with-start) when it takes its first such session;
 * it ends when the worker has none left, or is lost.
 */
@WorkflowInterface
public interface WorkerPresenceWorkflow {
  String TYPE = "LocusWorkerPresence";

  /** @param probing how the worker's process is probed; null (and absent before 0.6): it is not */
  @WorkflowMethod(name = TYPE)
  void watch(String workerId, String workerQueue, Duration timeout, Probing probing);

  /** The worker wants its presence (again): a run about to end schedules another presence. */
  @SignalMethod(name = "LocusPresenceWanted")
  void wanted();

  /** {@link #wanted}, from a process of the worker that answers presence probes. */
  @SignalMethod(name = "LocusPresenceWantedProbed")
  void wantedProbed(Probing probing);

  /**
   * Where the worker's process answers probes, and the own queues of the workers to ask to probe it, in the order
   * to try them.
   */
  record Probing(String url, List<String> proberQueues) {}

  /**
   * The heartbeat timeout of a probed presence, and of its probe: 20 of the sessions' heartbeat timeouts, at least a
   * minute. It catches what probes cannot: a worker cut off from the server but not from its peers, or no peer left
   * to probe.
   */
  static Duration probedBackstop(Duration timeout) {
    Duration twenty = timeout.multipliedBy(20);
    return twenty.compareTo(Duration.ofMinutes(1)) > 0 ? twenty : Duration.ofMinutes(1);
  }
}
