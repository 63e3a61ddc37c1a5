package dev.locus.session;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
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
  private final Map<Duration, WorkerPresence> byTimeout = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  WorkerPresences(String sharedQueue, String workerId, String workerQueue, WorkflowClient client,
      Consumer<Set<String>> onLost) {
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
      WorkerPresence p = new WorkerPresence(presenceQueue, workerId, workerQueue, incarnation, t, client, onLost);
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

  /** The worker is going away: presences with no sessions left end now. */
  void stop() {
    stopping = true;
    byTimeout.values().forEach(WorkerPresence::stop);
  }

  @Override
  public void stayPresent() {
    ActivityExecutionContext context = Activity.getExecutionContext();
    Duration timeout = context.getInfo().getHeartbeatTimeout();
    WorkerPresence presence = byTimeout.get(timeout);
    if (presence == null) {
      throw ApplicationFailure.newNonRetryableFailure("worker " + workerId + " has no presence with a "
          + timeout.toMillis() + " ms timeout", SessionFailureReason.NAMESPACE + "NoSuchPresence");
    }
    presence.stayPresent(context);
  }
}
