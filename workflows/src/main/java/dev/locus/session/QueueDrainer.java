package dev.locus.session;

import io.temporal.activity.Activity;
import io.temporal.activity.DynamicActivity;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.EncodedValues;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the queue of a worker that is gone for good and fails every activity task on it as QueueDrained, so the
 * owning workflows re-route now instead of waiting for a timeout. Never run it while a live worker polls the queue.
 */
public final class QueueDrainer {
  private static final Logger log = LoggerFactory.getLogger(QueueDrainer.class);

  private QueueDrainer() {}

  /** Drains {@code queue} for {@code duration}; returns how many tasks were failed. */
  public static int drain(WorkflowClient client, String queue, Duration duration) throws InterruptedException {
    TaskQueues.requireSharedQueue(queue);
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
      throw ApplicationFailure.newNonRetryableFailure(
          "queue " + queue + " was drained: its worker left for good", SessionFailureReason.QUEUE_DRAINED.type());
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
