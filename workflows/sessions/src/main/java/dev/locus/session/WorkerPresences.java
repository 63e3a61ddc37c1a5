package dev.locus.session;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A worker's presences: one per heartbeat timeout its sessions under {@link SessionOptions.Liveness#PER_WORKER} ask
 * for (one, when they all use the same), so that each session's loss is detected within its own heartbeat timeout.
 */
final class WorkerPresences implements WorkerPresenceActivity {
  private final String presenceQueue;
  private final String workerId;
  private final String workerQueue;
  private final WorkflowClient client;
  private final Consumer<Set<String>> onLost;
  /** This process of the worker: a loss of an earlier one does not end sessions this one took back. */
  private final String incarnation = UUID.randomUUID().toString();
  /** Where other workers probe this process; null: they do not, and presences heartbeat within their timeout. */
  private final URI probeBase;
  private final Probers probers;
  private final Map<Duration, WorkerPresence> byTimeout = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  /** @param probeBase where this worker answers presence probes ({@link SessionHost#PRESENCE_PROBE_PATH}), or null */
  WorkerPresences(String sharedQueue, String workerId, String workerQueue, URI probeBase, WorkflowClient client,
      Consumer<Set<String>> onLost) {
    this.probeBase = probeBase;
    this.probers = probeBase == null ? null : new Probers(client, TaskQueues.presenceQueue(sharedQueue), workerQueue);
    this.presenceQueue = TaskQueues.presenceQueue(sharedQueue);
    this.workerId = workerId;
    this.workerQueue = workerQueue;
    this.client = client;
    this.onLost = onLost;
  }

  String incarnation() {
    return incarnation;
  }

  String presenceQueue() {
    return presenceQueue;
  }

  private WorkerPresence of(Duration timeout) {
    return byTimeout.computeIfAbsent(timeout, t -> {
      String probeUrl = probeBase == null ? null
          : probeBase.resolve(SessionHost.PRESENCE_PROBE_PATH + incarnation + "/" + t.toMillis()).toString();
      WorkerPresence p = new WorkerPresence(presenceQueue, workerId, workerQueue, incarnation, probeUrl, probers, t,
          client, onLost);
      if (stopping) {
        p.stop();
      }
      return p;
    });
  }

  /** {@link WorkerPresence#add}, to the presence with {@code timeout}. */
  void add(Duration timeout, String sessionId, String workflowId, String runId) throws InterruptedException {
    of(timeout).add(sessionId, workflowId, runId);
  }

  void remove(Duration timeout, String sessionId) {
    of(timeout).remove(sessionId);
  }

  /** Joins the workers that probe each other, where this one is probed. */
  void joinProbers() {
    if (probers != null) {
      probers.join();
    }
  }

  /** The worker is going away: presences with no sessions left end now, and it probes no other worker's. */
  void stop() {
    stopping = true;
    byTimeout.values().forEach(WorkerPresence::stop);
    if (probers != null) {
      probers.leave();
    }
  }

  /**
   * The HTTP status for a probe of {@code path} (below {@link SessionHost#PRESENCE_PROBE_PATH}): 200 while that
   * presence of this process runs or is asked for, 204 once it is over, and {@link PresenceProbeVerdict#GONE} for
   * another process of this worker.
   */
  int probed(String path) {
    int slash = path.indexOf('/');
    if (slash < 0 || !path.substring(0, slash).equals(incarnation)) {
      return PresenceProbeVerdict.STATUS_GONE;
    }
    WorkerPresence presence;
    try {
      presence = byTimeout.get(Duration.ofMillis(Long.parseLong(path.substring(slash + 1))));
    } catch (NumberFormatException e) {
      return PresenceProbeVerdict.STATUS_GONE;
    }
    return presence != null && presence.active() ? 200 : PresenceProbeVerdict.STATUS_OVER;
  }

  @Override
  public void stayPresent() {
    ActivityExecutionContext context = Activity.getExecutionContext();
    presence(context.getInfo().getHeartbeatTimeout()).stayPresent(context);
  }

  @Override
  public void stayProbedPresent(Duration timeout) {
    presence(timeout).stayPresent(Activity.getExecutionContext());
  }

  private WorkerPresence presence(Duration timeout) {
    WorkerPresence presence = byTimeout.get(timeout);
    if (presence == null) {
      throw ApplicationFailure.newNonRetryableFailure("worker " + workerId + " has no presence with a "
          + timeout.toMillis() + " ms timeout", SessionFailureReason.NAMESPACE + "NoSuchPresence");
    }
    return presence;
  }
}
