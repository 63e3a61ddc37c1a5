package dev.locus.session;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatRequest;
import io.temporal.api.workflowservice.v1.RecordActivityTaskHeartbeatResponse;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's presence with one timeout ({@link SessionOptions.Liveness#PER_WORKER}): one heartbeat for all the
 * sessions that ask for it. Its activity runs while there are such sessions, and each heartbeat carries their list, so
 * that a worker that goes silent has all of them failed at once by {@link WorkerPresenceWorkflow}.
 *
 * <p>It calls RecordActivityTaskHeartbeat itself rather than through the SDK's throttled heartbeat, so that a new
 * session is listed on the server before its workflow hears it has started: a session the server never saw listed
 * would be left to its lease's backstop.
 */
final class WorkerPresence {
  private static final Logger log = LoggerFactory.getLogger(WorkerPresence.class);
  private static final long RPC_DEADLINE_MILLIS = 5_000;
  /** The failure type of a presence whose worker stopped without draining; its details list the sessions. */
  static final String STOPPED = SessionFailureReason.NAMESPACE + "PresenceStopped";

  private final String workerId;
  private final String workerQueue;
  private final String presenceQueue;
  private final Duration timeout;
  private final String incarnation;
  /** Where other workers probe this presence ({@link PresenceProbeActivity}); null: they do not. */
  private final String probeUrl;
  /** Who may probe it; null where it is not probed. */
  private final Probers probers;
  /** Its activity is running. */
  private boolean running;
  private final Consumer<Set<String>> onLost;
  private final Map<String, WorkerPresenceActivity.PresentSession> sessions = new LinkedHashMap<>();
  private final Map<String, WorkerPresenceActivity.PresentSession> leaving = new LinkedHashMap<>();
  private final WorkflowClient client;
  /** A presence was asked for and its activity has not ended. */
  private boolean asked;
  /** Bumped on each change of the sessions; the last one the server has. */
  private long version;
  private long recorded = -1;
  private boolean stopping;

  /** @param onLost told the sessions to end when this worker learns that the server gave its presence up */
  WorkerPresence(String presenceQueue, String workerId, String workerQueue, String incarnation, String probeUrl,
      Probers probers, Duration timeout, WorkflowClient client, Consumer<Set<String>> onLost) {
    this.workerId = workerId;
    this.incarnation = incarnation;
    this.probeUrl = probeUrl;
    this.probers = probers;
    this.client = client;
    this.workerQueue = workerQueue;
    this.presenceQueue = presenceQueue;
    this.timeout = timeout;
    this.onLost = onLost;
  }

  /**
   * Lists a session under this worker's presence, and returns once the server has the list with it, or after one
   * presence timeout (then only the lease's backstop covers it until the next heartbeat).
   */
  void add(String sessionId, String workflowId, String runId) throws InterruptedException {
    long mine;
    boolean ask;
    synchronized (this) {
      sessions.put(sessionId, new WorkerPresenceActivity.PresentSession(sessionId, workflowId, runId));
      mine = ++version;
      ask = !asked;
      asked = true;
      notifyAll();
    }
    if (ask) {
      ask();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (recorded < mine && System.nanoTime() < deadline) {
        TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, deadline - System.nanoTime()));
      }
      if (recorded < mine) {
        asked = false; // the next session asks again, in case this presence never started
        log.warn("worker {}: session {} is not yet listed in the worker's presence", workerId, sessionId);
      }
    }
  }

  synchronized void remove(String sessionId) {
    WorkerPresenceActivity.PresentSession gone = sessions.remove(sessionId);
    if (gone != null) {
      if (stopping) {
        // Its lease's end may never reach the server from a worker going away: it stays listed.
        leaving.put(sessionId, gone);
      }
      version++;
      notifyAll();
    }
  }

  /** Whether its activity runs, or is asked for: what a probe of it is told. */
  synchronized boolean active() {
    return asked || running;
  }

  /** Every session the presence lists: those open, and those that ended while the worker was going away. */
  private List<WorkerPresenceActivity.PresentSession> listed() {
    List<WorkerPresenceActivity.PresentSession> listed = new ArrayList<>(sessions.values());
    listed.addAll(leaving.values());
    return listed;
  }

  /**
   * The worker is going away: a presence with no sessions left ends now instead of lingering, and lists the sessions
   * that ended meanwhile in its failure, so that the watch reports them lost should their leases' ends never reach
   * the server (a workflow ignores the report for a session that has ended).
   */
  synchronized void stop() {
    stopping = true;
    notifyAll();
  }

  private void ask() {
    WorkerPresenceWorkflow watch = client.newWorkflowStub(WorkerPresenceWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId(workerQueue, timeout))
        .setTaskQueue(presenceQueue)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .build());
    try {
      List<String> proberQueues = probeUrl == null ? List.of() : probers.forThisWorker();
      // With no other worker to probe it, the presence heartbeats within its timeout, as if it were not probed.
      WorkerPresenceWorkflow.Probing probing = proberQueues.isEmpty() ? null
          : new WorkerPresenceWorkflow.Probing(probeUrl, proberQueues);
      BatchRequest start = client.newSignalWithStartRequest();
      start.add(watch::watch, workerId, workerQueue, timeout, probing);
      if (probing == null) {
        start.add(watch::wanted);
      } else {
        start.add(watch::wantedProbed, probing);
      }
      client.signalWithStart(start);
    } catch (RuntimeException e) {
      log.warn("worker {}: cannot start its presence ({}); its sessions rely on their leases' backstop", workerId,
          FailureMessages.describe(e));
      synchronized (this) {
        asked = false;
      }
    }
  }

  /** The id of the workflow that watches the presence of the worker of {@code workerQueue} with {@code timeout}. */
  static String workflowId(String workerQueue, Duration timeout) {
    return "locus-presence-" + workerQueue + "-" + timeout.toMillis() + "ms";
  }

  /**
   * The presence activity: heartbeats the session list until none is left, or the server has given it up. It
   * heartbeats on each change of the list, and otherwise within its heartbeat timeout: the sessions' own, or a
   * probed presence's backstop.
   */
  void stayPresent(ActivityExecutionContext context) {
    ByteString token = ByteString.copyFrom(context.getInfo().getTaskToken());
    long interval = context.getInfo().getHeartbeatTimeout().toMillis() * 4 / 5;
    long linger = timeout.toMillis() * 4 / 5;
    long idleSince = -1;
    synchronized (this) {
      running = true;
    }
    try {
      while (true) {
        long beating;
        List<WorkerPresenceActivity.PresentSession> listed;
        synchronized (this) {
          if (sessions.isEmpty()) {
            long now = System.nanoTime();
            idleSince = idleSince < 0 ? now : idleSince;
            if (stopping && !leaving.isEmpty()) {
              asked = false;
              throw stopped("drained");
            }
            if (stopping || now - idleSince >= TimeUnit.MILLISECONDS.toNanos(linger)) {
              asked = false;
              return;
            }
          } else {
            idleSince = -1;
          }
          beating = version;
          listed = listed();
        }
        Beat beat = beat(token, listed);
        if (beat == Beat.GONE) {
          lost();
          throw ApplicationFailure.newNonRetryableFailure("worker " + workerId + " lost its presence",
              SessionFailureReason.WORKER_LOST.type());
        }
        synchronized (this) {
          if (beat == Beat.RECORDED) {
            recorded = Math.max(recorded, beating);
          }
          notifyAll();
          long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(idleSince < 0 ? interval : linger);
          while (version == beating && !stopping && System.nanoTime() < until) {
            TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, until - System.nanoTime()));
          }
        }
      }
    } catch (InterruptedException e) {
      // Stopped at once (shutdownNow): its sessions' leases may never report. Should this failure reach the server,
      // it lists them, as a timeout would.
      Thread.currentThread().interrupt();
      synchronized (this) {
        asked = false;
        throw stopped("stopped at once");
      }
    } finally {
      synchronized (this) {
        running = false;
      }
    }
  }

  private ApplicationFailure stopped(String how) {
    return ApplicationFailure.newNonRetryableFailure("worker " + workerId + " " + how, STOPPED,
        new WorkerPresenceActivity.Details(incarnation, listed()));
  }

  private enum Beat {
    RECORDED,
    /** Not delivered: the next beat tries again, and the server decides when it has waited too long. */
    UNDELIVERED,
    /** The server no longer has the presence: it timed out, or was cancelled. */
    GONE
  }

  private Beat beat(ByteString token, List<WorkerPresenceActivity.PresentSession> listed) {
    try {
      RecordActivityTaskHeartbeatResponse response = client.getWorkflowServiceStubs().blockingStub()
          .withDeadlineAfter(RPC_DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
          .recordActivityTaskHeartbeat(RecordActivityTaskHeartbeatRequest.newBuilder()
              .setNamespace(client.getOptions().getNamespace())
              .setTaskToken(token)
              .setIdentity(workerId)
              .setDetails(client.getOptions().getDataConverter().toPayloads(new WorkerPresenceActivity.Details(incarnation, listed))
                  .orElseThrow())
              .build());
      return response.getCancelRequested() ? Beat.GONE : Beat.RECORDED;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Beat.GONE;
      }
      log.warn("worker {}: presence heartbeat failed: {}", workerId, e.getStatus());
      return Beat.UNDELIVERED;
    }
  }

  private void lost() {
    Set<String> ended;
    synchronized (this) {
      ended = Set.copyOf(sessions.keySet());
      sessions.clear();
      asked = false;
      version++;
      notifyAll();
    }
    log.warn("worker {}: the server gave its presence up; ending its {} session(s) as WorkerLost", workerId,
        ended.size());
    onLost.accept(ended);
  }
}
