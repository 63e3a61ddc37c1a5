package dev.locus.session;

import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session-capable worker, as three Temporal workers: workflows on the shared queue, session leases on the shared
 * queue (as many activity slots as session slots, nothing else), and the worker's own queue (the activities
 * sessions run, and session release). Each has its own factory so that a drain can stop one and not the others.
 *
 * <p>A drain suspends lease polling instead of shutting that factory down: shutting down stops the SDK's heartbeat
 * executor, which would end every open lease as a lost worker instead of letting it finish. A lease that an
 * in-flight poll still delivers is refused, and its workflow asks another worker. Workflow tasks keep being
 * processed until the end, so the failures the drain causes are handled at once, not after a task timeout.
 */
public final class SessionWorker {
  private static final Logger log = LoggerFactory.getLogger(SessionWorker.class);

  /**
   * @param stickyExecution keep workflow state cached between tasks (the production default); only off against a
   *     server without the sticky-queue fallback (the embedded stand-in), which never moves a killed worker's
   *     workflows otherwise
   * @param ownQueueSlots how many activities may run at once on the worker's own queue
   */
  public record Options(boolean stickyExecution, int ownQueueSlots) {
    /** Room on the worker's own queue for every session's step and its release. */
    public static Options forSessions(int maxSessions, boolean stickyExecution) {
      return new Options(stickyExecution, maxSessions * 2 + 1);
    }
  }

  /**
   * How long a workflow task waits on this worker's sticky queue before the server gives it to any worker (the SDK
   * default is 5 s). When this worker dies, its sessions' workflows wait that long on top of the lease's heartbeat
   * timeout before another worker replays them; a busy live worker losing a task to a replay elsewhere costs less.
   */
  public static final Duration STICKY_SCHEDULE_TO_START = Duration.ofSeconds(1);

  /** What a drain did: sessions that closed in time, and those failed as WorkerDraining. */
  public record DrainResult(int closedInTime, int failed, long tookMillis) {}

  /** After failing sessions, how long this worker keeps serving the workflow tasks that the failures cause. */
  private static final long SETTLE_MILLIS = 500;

  private final SessionHost host;
  private final WorkerFactory workflowFactory;
  private final WorkerFactory leaseFactory;
  private final WorkerFactory ownFactory;
  private final Worker workflowWorker;
  private final Worker leaseWorker;
  private final Worker ownWorker;

  public SessionWorker(WorkflowClient client, SessionHost host, Options options) {
    this.host = host;
    WorkerOptions.Builder base = WorkerOptions.newBuilder().setIdentity(host.workerId());
    base.setStickyQueueScheduleToStartTimeout(options.stickyExecution() ? STICKY_SCHEDULE_TO_START : Duration.ZERO);
    WorkerFactoryOptions factoryOptions = WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(new SessionInterceptor().serve(host)).build();
    this.workflowFactory = WorkerFactory.newInstance(client, factoryOptions);
    this.leaseFactory = WorkerFactory.newInstance(client, factoryOptions);
    this.ownFactory = WorkerFactory.newInstance(client, factoryOptions);
    this.workflowWorker = workflowFactory.newWorker(host.sharedQueue(), base.build());
    this.leaseWorker = leaseFactory.newWorker(host.sharedQueue(), host.sharedQueueOptions(base.build()));
    this.ownWorker = ownFactory.newWorker(host.taskQueue(),
        WorkerOptions.newBuilder(base.build()).setMaxConcurrentActivityExecutionSize(options.ownQueueSlots()).build());
    host.registerLease(leaseWorker);
    host.registerRelease(ownWorker);
  }

  public SessionHost host() {
    return host;
  }

  /**
   * Register workflow types here. Activities do not belong on the shared queue: its activity slots are session
   * slots.
   */
  public Worker sharedQueueWorker() {
    return workflowWorker;
  }

  /** Register the activities that sessions run here. */
  public Worker ownQueueWorker() {
    return ownWorker;
  }

  public void start() {
    ownFactory.start();
    workflowFactory.start();
    leaseFactory.start();
  }

  /**
   * Stops taking sessions and workflow tasks, lets open sessions finish for up to {@code grace}, then fails the
   * rest as WorkerDraining so their workflows move at once, and stops.
   */
  public DrainResult drain(Duration grace) throws InterruptedException {
    long start = System.nanoTime();
    host.beginDrain();
    int open = host.openSessions().size();
    leaseWorker.suspendPolling();
    host.awaitNoSessions(grace);
    int failed = host.failOpenSessions();
    host.awaitNoSessions(Duration.ofSeconds(5));
    if (failed > 0) {
      TimeUnit.MILLISECONDS.sleep(SETTLE_MILLIS);
    }
    for (WorkerFactory f : List.of(leaseFactory, ownFactory, workflowFactory)) {
      f.shutdown();
    }
    for (WorkerFactory f : List.of(leaseFactory, ownFactory, workflowFactory)) {
      f.awaitTermination(10, TimeUnit.SECONDS);
    }
    DrainResult result = new DrainResult(open - failed, failed, (System.nanoTime() - start) / 1_000_000);
    log.info("worker {} drained: {} sessions closed in time, {} failed as WorkerDraining, took {} ms",
        host.workerId(), result.closedInTime(), result.failed(), result.tookMillis());
    return result;
  }

  /** Stops at once without draining (sessions are left to their heartbeat timeout). */
  public void shutdownNow() {
    leaseFactory.shutdownNow();
    workflowFactory.shutdownNow();
    ownFactory.shutdownNow();
  }
}
