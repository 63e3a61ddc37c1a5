package dev.locus.examples.ml;

import dev.locus.session.SessionFailed;
import dev.locus.session.SessionHost;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A worker of the example: {@code java dev.locus.examples.ml.InferenceWorker WORKER_ID [MAX_SESSIONS]}, against
 * TEMPORAL_ADDRESS (default 127.0.0.1:7233). Workflows go to the queue {@value #QUEUE}.
 */
public final class InferenceWorker {
  public static final String QUEUE = "ml-inference";
  static final Duration KEEP_SESSIONS_FOR = Duration.ofMinutes(5);

  private final SessionHost sessions;
  private final WorkerFactory factory;
  private final InferenceActivitiesImpl activities;

  /**
   * A worker in your own factory: its workflows, and a session host next to them.
   *
   * @param workflowOptions options of the workflow worker (tests on the in-memory test server turn sticky execution
   *     off there, since that server never moves a killed worker's cached workflows)
   */
  public InferenceWorker(WorkflowClient client, WorkerOptions workflowOptions, String workerId, int maxSessions,
      int modelMegabytes) {
    this(client, workflowOptions, workerId, maxSessions, modelMegabytes, null);
  }

  /**
   * @param stateDir where the worker records its sessions, to take them back after a restart under the same id and
   *     folder (for 5 minutes); null: sessions end with the process
   */
  public InferenceWorker(WorkflowClient client, WorkerOptions workflowOptions, String workerId, int maxSessions,
      int modelMegabytes, Path stateDir) {
    sessions = new SessionHost(QUEUE, workerId, maxSessions);
    if (stateDir != null) {
      sessions.keepSessionsAcrossRestarts(stateDir, KEEP_SESSIONS_FOR);
    }
    factory = WorkerFactory.newInstance(client,
        WorkerFactoryOptions.newBuilder().setWorkerInterceptors(sessions.interceptor()).build());
    factory.newWorker(QUEUE, workflowOptions).registerWorkflowImplementationTypes(
        WorkflowImplementationOptions.newBuilder().setFailWorkflowExceptionTypes(SessionFailed.class).build(),
        InferenceWorkflowImpl.class);
    activities = new InferenceActivitiesImpl(sessions, modelMegabytes);
    sessions.registerOn(factory).registerActivitiesImplementations(activities);
  }

  public InferenceWorker start() {
    factory.start();
    return this;
  }

  public SessionHost sessions() {
    return sessions;
  }

  public InferenceActivitiesImpl activities() {
    return activities;
  }

  /** Lets open sessions finish for up to {@code grace}, moves the rest, and stops. */
  public void drain(Duration grace) throws InterruptedException {
    sessions.drain(grace);
    factory.shutdown();
  }

  /** Before a restart: open sessions end as WorkerRestarting, kept to be resumed by the next process. */
  public void drainForRestart() throws InterruptedException {
    sessions.drainForRestart(Duration.ZERO);
    factory.shutdown();
  }

  /** Stops at once, as a crash would: its sessions are lost after their heartbeat timeout. */
  public void kill() {
    factory.shutdownNow();
  }

  public static void main(String[] args) throws InterruptedException {
    String address = System.getenv().getOrDefault("TEMPORAL_ADDRESS", "127.0.0.1:7233");
    WorkflowClient client = WorkflowClient.newInstance(WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).build()));
    InferenceWorker worker = new InferenceWorker(client, WorkerOptions.getDefaultInstance(), args[0], args.length > 1 ? Integer.parseInt(args[1]) : 2, 256)
        .start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        worker.drain(Duration.ofMinutes(1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    Thread.currentThread().join();
  }
}
