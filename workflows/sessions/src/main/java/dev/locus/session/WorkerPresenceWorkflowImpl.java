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

  private boolean wanted;

  @Override
  public void watch(String workerId, String workerQueue, Duration timeout) {
    WorkerPresenceActivity presence = Workflow.newActivityStub(WorkerPresenceActivity.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(workerQueue)
            .setScheduleToStartTimeout(UNCLAIMED)
            .setStartToCloseTimeout(Duration.ofDays(365))
            .setHeartbeatTimeout(timeout)
            .setCancellationType(ActivityCancellationType.ABANDON)
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
    do {
      wanted = false;
      try {
        presence.stayPresent();
      } catch (ActivityFailure e) {
        if (e.getCause() instanceof TimeoutFailure t && t.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_HEARTBEAT
            && t.getLastHeartbeatDetails().getSize() > 0) {
          reportLost(workerId, "sent no presence heartbeat for " + timeout.toMillis() + " ms",
              t.getLastHeartbeatDetails().get(0, WorkerPresenceActivity.Details.class));
        } else if (e.getCause() instanceof ApplicationFailure f && WorkerPresence.STOPPED.equals(f.getType())
            && f.getDetails().getSize() > 0) {
          reportLost(workerId, "went away before its sessions' leases ended (" + f.getOriginalMessage() + ")",
              f.getDetails().get(0, WorkerPresenceActivity.Details.class));
        }
      }
      if (wanted && Workflow.getInfo().getHistoryLength() > HISTORY_LIMIT) {
        Workflow.continueAsNew(workerId, workerQueue, timeout);
      }
    } while (wanted);
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
    wanted = true;
  }
}
