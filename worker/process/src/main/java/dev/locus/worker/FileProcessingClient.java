package dev.locus.worker;

import dev.locus.files.FileProcessingRequest;
import dev.locus.files.FileProcessingResult;
import dev.locus.files.FileProcessingStatus;
import dev.locus.files.FileProcessingWorkflow;
import dev.locus.temporal.ServerProfile;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Starts and follows FileProcessingWorkflow runs on the shared queue. */
public final class FileProcessingClient {
  private final WorkflowClient client;
  private final String sharedQueue;
  private final ServerProfile server;

  /** @param server what the server is: start options follow its profile */
  public FileProcessingClient(WorkflowClient client, String sharedQueue, ServerProfile server) {
    this.client = client;
    this.sharedQueue = sharedQueue;
    this.server = server;
  }

  /** Asks the server what it is. */
  public static FileProcessingClient forServer(WorkflowClient client, String sharedQueue) {
    return new FileProcessingClient(client, sharedQueue, ServerProfile.detect(client.getWorkflowServiceStubs()));
  }

  public void start(String workflowId, FileProcessingRequest request) {
    FileProcessingWorkflow workflow = client.newWorkflowStub(FileProcessingWorkflow.class,
        server.apply(WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(sharedQueue)).build());
    WorkflowClient.start(workflow::process, request);
  }

  public CompletableFuture<FileProcessingResult> result(String workflowId) {
    return client.newUntypedWorkflowStub(workflowId).getResultAsync(FileProcessingResult.class);
  }

  public FileProcessingStatus status(String workflowId) {
    return client.newWorkflowStub(FileProcessingWorkflow.class, workflowId).status();
  }

  /**
   * Whether a workflow task that {@code workerIdentity} had started timed out: that worker stopped while holding
   * the workflow's task, so nothing in the workflow moved until the server's workflow-task timeout.
   */
  public boolean workflowTaskTimedOutOn(String workflowId, String workerIdentity) {
    Map<Long, String> startedBy = new HashMap<>();
    for (HistoryEvent event : client.fetchHistory(workflowId).getEvents()) {
      if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) {
        startedBy.put(event.getEventId(), event.getWorkflowTaskStartedEventAttributes().getIdentity());
      } else if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT && workerIdentity.equals(
          startedBy.get(event.getWorkflowTaskTimedOutEventAttributes().getStartedEventId()))) {
        return true;
      }
    }
    return false;
  }
}
