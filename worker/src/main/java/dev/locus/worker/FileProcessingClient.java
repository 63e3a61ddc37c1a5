package dev.locus.worker;

import dev.locus.files.FileProcessingRequest;
import dev.locus.files.FileProcessingResult;
import dev.locus.files.FileProcessingStatus;
import dev.locus.files.FileProcessingWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Starts and follows FileProcessingWorkflow runs on the shared queue. */
public final class FileProcessingClient {
  private final WorkflowClient client;
  private final String sharedQueue;
  private final Duration workflowTaskTimeout;

  /**
   * @param workflowTaskTimeout short against the embedded server, which has no sticky-queue fallback, so that a
   *     task lost with a killed worker is retried elsewhere quickly
   */
  public FileProcessingClient(WorkflowClient client, String sharedQueue, Duration workflowTaskTimeout) {
    this.client = client;
    this.sharedQueue = sharedQueue;
    this.workflowTaskTimeout = workflowTaskTimeout;
  }

  public void start(String workflowId, FileProcessingRequest request) {
    FileProcessingWorkflow workflow = client.newWorkflowStub(FileProcessingWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(sharedQueue)
            .setWorkflowTaskTimeout(workflowTaskTimeout)
            .build());
    WorkflowClient.start(workflow::process, request);
  }

  public CompletableFuture<FileProcessingResult> result(String workflowId) {
    return client.newUntypedWorkflowStub(workflowId).getResultAsync(FileProcessingResult.class);
  }

  public FileProcessingStatus status(String workflowId) {
    return client.newWorkflowStub(FileProcessingWorkflow.class, workflowId).status();
  }

}
