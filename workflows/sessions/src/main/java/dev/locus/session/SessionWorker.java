package dev.locus.session;

import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A ready-made session worker in a factory of its own: workflows on the shared queue and a {@link SessionHost}
 * registered next to them. The Locus worker process uses it; bring your own factory with
 * {@link SessionHost#registerOn} instead when you have interceptors, tuners or versioning of your own.
 */
public final class SessionWorker {
  /**
   * @param stickyExecution keep workflow state cached between tasks (the production default); only off against a
   *     server without the sticky-queue fallback (the embedded stand-in), which never moves a killed worker's
   *     workflows otherwise
   * @param ownQueueSlots how many activities may run at once on the worker's own queue
   */
  public record Options(boolean stickyExecution, int ownQueueSlots) {
    /** {@link SessionHost#ownQueueSlots} slots on the worker's own queue. */
    public static Options forSessions(int maxSessions, boolean stickyExecution) {
      return new Options(stickyExecution, SessionHost.ownQueueSlots(maxSessions));
    }
  }

  /**
   * How long a workflow task waits on this worker's sticky queue before the server gives it to any worker (the SDK
   * default is 5 s). When this worker dies, its sessions' workflows wait that long on top of the lease's heartbeat
   * timeout before another worker replays them; a busy live worker losing a task to a replay elsewhere costs less.
   */
  public static final Duration STICKY_SCHEDULE_TO_START = Duration.ofSeconds(1);

  /**
   * Options for a worker of session workflows: sticky execution with {@link #STICKY_SCHEDULE_TO_START}, or none for a
   * server without the sticky-queue fallback (temporal-test-server).
   */
  public static WorkerOptions.Builder workflowWorkerOptions(boolean stickyExecution) {
    return WorkerOptions.newBuilder()
        .setStickyQueueScheduleToStartTimeout(stickyExecution ? STICKY_SCHEDULE_TO_START : Duration.ZERO);
  }

  private final SessionHost host;
  private final WorkerFactory factory;
  private final Worker workflowWorker;
  private final Worker ownWorker;

  public SessionWorker(WorkflowClient client, SessionHost host, Options options) {
    this.host = host;
    WorkerOptions base = workflowWorkerOptions(options.stickyExecution()).setIdentity(host.workerId()).build();
    this.factory = WorkerFactory.newInstance(client,
        WorkerFactoryOptions.newBuilder().setWorkerInterceptors(host.interceptor()).build());
    this.workflowWorker = factory.newWorker(host.sharedQueue(), base);
    this.ownWorker = host.registerOn(factory,
        WorkerOptions.newBuilder(base).setMaxConcurrentActivityExecutionSize(options.ownQueueSlots()).build());
  }

  public SessionHost host() {
    return host;
  }

  /** Register workflow types here, and any activity that need not run in a session. */
  public Worker sharedQueueWorker() {
    return workflowWorker;
  }

  /** Register the activities that sessions run here. */
  public Worker ownQueueWorker() {
    return ownWorker;
  }

  public void start() {
    factory.start();
    if (host.isCordoned()) {
      host.cordon(); // suspending the lease poller before the factory started it did nothing
    }
  }

  /** {@link SessionHost#drain}, then stops. */
  public SessionDrain.Result drain(Duration grace) throws InterruptedException {
    SessionDrain.Result result = host.drain(grace);
    factory.shutdown();
    factory.awaitTermination(10, TimeUnit.SECONDS);
    return result;
  }

  /** {@link SessionHost#drainForRestart}, then stops. */
  public SessionDrain.Result drainForRestart(Duration grace) throws InterruptedException {
    SessionDrain.Result result = host.drainForRestart(grace);
    factory.shutdown();
    factory.awaitTermination(10, TimeUnit.SECONDS);
    return result;
  }

  /** Stops at once without draining (sessions are left to their heartbeat timeout). */
  public void shutdownNow() {
    factory.shutdownNow();
  }
}
