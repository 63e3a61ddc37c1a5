package dev.locus.worker;

import dev.locus.files.FileProcessingRequest;
import dev.locus.files.FileProcessingResult;
import dev.locus.files.FileProcessingStatus;
import dev.locus.files.FileProcessingWorkflow;
import dev.locus.temporal.ServerProfile;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
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

}
