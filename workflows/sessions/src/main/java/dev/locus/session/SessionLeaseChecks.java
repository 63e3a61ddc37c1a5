package dev.locus.session;

import com.google.protobuf.util.Timestamps;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.util.List;
import java.util.Optional;

/**
 * Answers {@link SessionLeaseCheckActivity} from the asking run's history (which activity is the session's lease: the
 * Java SDK picks activity ids itself) and DescribeWorkflowExecution (its state).
 */
final class SessionLeaseChecks implements SessionLeaseCheckActivity {
  private final WorkflowClient client;

  SessionLeaseChecks(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public LeaseState leaseState(String sessionId) {
    ActivityInfo info = Activity.getExecutionContext().getInfo();
    Optional<String> leaseId = leaseActivityId(
        client.fetchHistory(info.getWorkflowId(), info.getRunId()).getEvents(), sessionId);
    if (leaseId.isEmpty()) {
      return new LeaseState(false, 0);
    }
    var described = client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
        DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(info.getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(info.getWorkflowId()).setRunId(info.getRunId()))
            .build());
    return described.getPendingActivitiesList().stream()
        .filter(a -> a.getActivityId().equals(leaseId.get()))
        .findFirst()
        .map(a -> new LeaseState(true, a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED
            ? Timestamps.toMillis(a.getLastStartedTime()) : 0))
        .orElse(new LeaseState(false, 0));
  }

  /** The activity id of the last lease scheduled for {@code sessionId}. */
  private Optional<String> leaseActivityId(List<HistoryEvent> history, String sessionId) {
    String found = null;
    for (HistoryEvent e : history) {
      if (!e.hasActivityTaskScheduledEventAttributes()) {
        continue;
      }
      ActivityTaskScheduledEventAttributes a = e.getActivityTaskScheduledEventAttributes();
      if (a.getActivityType().getName().equals(SessionLeaseActivity.TYPE) && a.getInput().getPayloadsCount() > 0
          && sessionId.equals(client.getOptions().getDataConverter()
              .fromPayload(a.getInput().getPayloads(0), String.class, String.class))) {
        found = a.getActivityId();
      }
    }
    return Optional.ofNullable(found);
  }
}
