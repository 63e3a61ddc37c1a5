package dev.locus.session;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Registered by {@link SessionHost#registerOn} on every session worker's presence queue. */
final class WorkerPresenceWorkflowImpl implements WorkerPresenceWorkflow {
  /** How long a presence asked for may wait for its worker to take it before the run gives up. */
  static final Duration UNCLAIMED = Duration.ofMinutes(10);
  private static final int HISTORY_LIMIT = 2_000;
  /** Marks runs that may watch a presence with probes. */
  static final String PROBES_CHANGE = "locus.presence.probes";
  /** How long a worker named to probe may take to start its probe before the next one is asked. */
  static final Duration PROBE_UNCLAIMED = Duration.ofSeconds(10);

  private boolean wanted;
  private Probing probing;

  @Override
  public void watch(String workerId, String workerQueue, Duration timeout, Probing probing) {
    if (this.probing == null) {
      this.probing = probing;
    }
    // A run a worker before 0.6 started watching (in a pool being upgraded) goes on as it began.
    boolean probes = Workflow.getVersion(PROBES_CHANGE, Workflow.DEFAULT_VERSION, 1) == 1;
    do {
      wanted = false;
      if (!probes || this.probing == null) {
        WorkerPresenceActivity presence = Workflow.newActivityStub(WorkerPresenceActivity.class,
            presenceOptions(workerQueue, timeout));
        whenEnded(workerId, timeout, Async.procedure(presence::stayPresent));
      } else {
        watchProbed(workerId, workerQueue, timeout, this.probing);
      }
      if (wanted && Workflow.getInfo().getHistoryLength() > HISTORY_LIMIT) {
        Workflow.continueAsNew(workerId, workerQueue, timeout, this.probing);
      }
    } while (wanted);
  }

  private static ActivityOptions presenceOptions(String workerQueue, Duration heartbeatTimeout) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(workerQueue)
        .setScheduleToStartTimeout(UNCLAIMED)
        .setStartToCloseTimeout(Duration.ofDays(365))
        .setHeartbeatTimeout(heartbeatTimeout)
        .setCancellationType(ActivityCancellationType.ABANDON)
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
  }

  /**
   * The presence heartbeats only as a backstop, while another worker probes the worker's process: the first of the
   * probers that takes the probe in time, and the next one should it go away.
   */
  private void watchProbed(String workerId, String workerQueue, Duration timeout, Probing probing) {
    Duration backstop = WorkerPresenceWorkflow.probedBackstop(timeout);
    // Given up at a probe's word, the presence is told so at its next heartbeat: a worker that is there after all
    // (cut off from its peers only) then ends its sessions itself.
    WorkerPresenceActivity presence = Workflow.newActivityStub(WorkerPresenceActivity.class,
        ActivityOptions.newBuilder(presenceOptions(workerQueue, backstop))
            .setCancellationType(ActivityCancellationType.TRY_CANCEL).build());
    List<Promise<Void>> present = new ArrayList<>(1);
    CancellationScope presenceScope = Workflow.newCancellationScope(
        () -> present.add(Async.procedure(presence::stayProbedPresent, timeout)));
    presenceScope.run();
    for (String prober : probing.proberQueues()) {
      PresenceProbeActivity probe = Workflow.newActivityStub(PresenceProbeActivity.class, ActivityOptions.newBuilder()
          .setTaskQueue(prober)
          .setScheduleToStartTimeout(PROBE_UNCLAIMED)
          .setStartToCloseTimeout(Duration.ofDays(365))
          .setHeartbeatTimeout(backstop)
          .setCancellationType(ActivityCancellationType.ABANDON)
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build());
      List<Promise<PresenceProbeActivity.Lost>> probed = new ArrayList<>(1);
      CancellationScope probeScope = Workflow.newCancellationScope(
          () -> probed.add(Async.function(probe::probe, workerId, probing.url(), timeout)));
      probeScope.run();
      Workflow.await(() -> present.get(0).isCompleted() || probed.get(0).isCompleted());
      if (!probed.get(0).isCompleted()) {
        probeScope.cancel();
        probed.get(0).handle((ok, failure) -> null); // its cancellation is not news
        break;
      }
      if (probed.get(0).getFailure() == null) {
        PresenceProbeActivity.Lost lost = probed.get(0).get();
        if (lost != null && !present.get(0).isCompleted()) {
          presenceScope.cancel();
          present.get(0).handle((ok, failure) -> null); // its cancellation is not news
          reportLost(workerId, lost.why(), lost.listed());
          return;
        }
        break; // the worker said its presence is over
      }
      if (probed.get(0).getFailure().getCause() instanceof TimeoutFailure t
          && t.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) {
        ProbersWorkflow probers = Workflow.newExternalWorkflowStub(ProbersWorkflow.class,
            ProbersWorkflow.workflowId(Workflow.getInfo().getTaskQueue()));
        Async.procedure(probers::left, prober).handle((ok, failure) -> null);
      }
    }
    whenEnded(workerId, backstop, present.get(0));
  }

  /** Reports the worker's sessions lost should its presence time out, or its worker go away without draining. */
  private static void whenEnded(String workerId, Duration heartbeatTimeout, Promise<Void> present) {
    try {
      present.get();
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof TimeoutFailure t && t.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_HEARTBEAT
          && t.getLastHeartbeatDetails().getSize() > 0) {
        reportLost(workerId, "sent no presence heartbeat for " + heartbeatTimeout.toMillis() + " ms",
            t.getLastHeartbeatDetails().get(0, WorkerPresenceActivity.Details.class));
      } else if (e.getCause() instanceof ApplicationFailure f && WorkerPresence.STOPPED.equals(f.getType())
          && f.getDetails().getSize() > 0) {
        reportLost(workerId, "went away before its sessions' leases ended (" + f.getOriginalMessage() + ")",
            f.getDetails().get(0, WorkerPresenceActivity.Details.class));
      }
    }
  }

  private static void reportLost(String workerId, String what, WorkerPresenceActivity.Details details) {
    String message = "worker " + workerId + " " + what;
    Workflow.getLogger(WorkerPresenceWorkflowImpl.class).info("{}: failing its {} session(s)", message,
        details.sessions().size());
    List<Promise<Void>> signals = new ArrayList<>();
    for (WorkerPresenceActivity.PresentSession s : details.sessions()) {
      var workflow = Workflow.newUntypedExternalWorkflowStub(
          WorkflowExecution.newBuilder().setWorkflowId(s.workflowId()).setRunId(s.runId()).build());
      SessionSignals.WorkerLost lost = new SessionSignals.WorkerLost(s.sessionId(), workerId, details.incarnation(),
          message);
      // A run that has ended meanwhile cannot be signalled; nothing is lost then.
      signals.add(Async.procedure(() -> workflow.signal(SessionSignals.WORKER_LOST, lost))
          .handle((ok, failure) -> null));
    }
    Promise.allOf(signals).get();
  }

  @Override
  public void wanted() {
    probing = null;
    wanted = true;
  }

  @Override
  public void wantedProbed(Probing probing) {
    this.probing = probing;
    wanted = true;
  }
}
