package dev.locus.session;

import com.google.protobuf.util.Timestamps;
import io.grpc.StatusRuntimeException;
import io.temporal.activity.Activity;
import io.temporal.activity.DynamicActivity;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.EncodedValues;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the queue of a worker that is gone for good and fails every activity task on it as QueueDrained, so the
 * owning workflows re-route now instead of waiting for a timeout. It never races a live worker on the queue: where the
 * server lists workers (worker heartbeats and ListWorkers, server 1.29+), it waits a little for a worker that still
 * heartbeats on the queue to go, and refuses to drain if it stays. Elsewhere (the embedded stand-in, servers or Cloud
 * namespaces without ListWorkers) nothing can be checked, and the caller must know the worker is gone.
 */
public final class QueueDrainer {
  private static final Logger log = LoggerFactory.getLogger(QueueDrainer.class);
  /** How long a drain waits for a worker that still heartbeats on the queue to stop doing so. */
  static final Duration AWAIT_GONE = Duration.ofSeconds(10);
  /**
   * A worker whose last server heartbeat is older than this is gone: three of the 2 s worker-heartbeat interval that
   * Locus workers set (the SDK's default is 60 s, too slow to tell a restart from a departure).
   */
  public static final Duration WORKER_LIVE_WITHIN = Duration.ofSeconds(6);

  private QueueDrainer() {}

  /** The queue has a live worker: draining it would fail tasks that worker would run. */
  public static final class LiveWorkerException extends IllegalStateException {
    LiveWorkerException(String message) {
      super(message);
    }
  }

  /**
   * The identity of a worker that heartbeat on {@code queue} within {@link #WORKER_LIVE_WITHIN} and has
   * not shut down, where the server can say; empty when there is none or nothing can be checked.
   */
  public static Optional<String> liveWorker(WorkflowClient client, String queue) {
    String namespace = client.getOptions().getNamespace();
    try {
      long now = System.currentTimeMillis();
      return WorkerHeartbeats.onQueue(client.getWorkflowServiceStubs(), namespace, queue, identity -> true).stream()
          .filter(h -> now - Timestamps.toMillis(h.getHeartbeatTime()) < WORKER_LIVE_WITHIN.toMillis())
          .map(h -> h.getWorkerIdentity() + " (last heartbeat "
              + (now - Timestamps.toMillis(h.getHeartbeatTime())) + " ms ago)")
          .findFirst();
    } catch (StatusRuntimeException e) {
      log.info("cannot ask Temporal which workers poll {} ({}): draining on the caller's word that its worker is gone",
          queue, e.getStatus().getCode());
      return Optional.empty();
    }
  }

  /**
   * Drains {@code queue} for {@code duration}; returns how many tasks were failed.
   *
   * @throws LiveWorkerException if a live worker still heartbeats on the queue
   */
  public static int drain(WorkflowClient client, String queue, Duration duration) throws InterruptedException {
    TaskQueues.requireSharedQueue(queue);
    long deadline = System.nanoTime() + AWAIT_GONE.toNanos();
    for (Optional<String> live = liveWorker(client, queue); live.isPresent(); live = liveWorker(client, queue)) {
      if (System.nanoTime() > deadline) {
        throw new LiveWorkerException("refusing to drain " + queue + ": worker " + live.get()
            + " still polls it; a drain must never race a live worker on its queue");
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    AtomicInteger drained = new AtomicInteger();
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(queue, WorkerOptions.newBuilder()
        .setIdentity("locus-drain:" + queue)
        .setMaxConcurrentActivityExecutionSize(64)
        .build());
    worker.registerActivitiesImplementations((DynamicActivity) (EncodedValues args) -> {
      drained.incrementAndGet();
      var info = Activity.getExecutionContext().getInfo();
      log.info("drained {} of workflow {} from {}", info.getActivityType(), info.getWorkflowId(), queue);
      throw SessionFailureReason.QUEUE_DRAINED.newFailure("queue " + queue + " was drained: its worker left for good");
    });
    factory.start();
    try {
      TimeUnit.MILLISECONDS.sleep(duration.toMillis());
    } finally {
      factory.shutdown();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
    return drained.get();
  }
}
