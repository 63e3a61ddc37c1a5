package dev.locus.session;

import dev.locus.testing.LocalTemporal;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollActivityTaskQueueResponse;
import java.util.concurrent.TimeUnit;

/**
 * What the server does when it hands a lease to the last poll of a worker's process as it exits: the lease is started
 * on the server, and no worker ever runs it.
 */
public final class DroppedLease {
  private DroppedLease() {}

  /**
   * Polls {@code taskQueue} (a lease queue, or a worker's own queue) as a worker would for a lease, and neither runs
   * nor answers what it gets.
   *
   * @return when the lease was taken
   */
  public static long take(LocalTemporal temporal, String taskQueue) {
    var service = temporal.client().getWorkflowServiceStubs().blockingStub();
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      PollActivityTaskQueueResponse task;
      try {
        task = service.withDeadlineAfter(10, TimeUnit.SECONDS).pollActivityTaskQueue(
            PollActivityTaskQueueRequest.newBuilder()
                .setNamespace(temporal.client().getOptions().getNamespace())
                .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue))
                .setIdentity("a-process-going-away")
                .build());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
          throw e;
        }
        continue; // temporal-test-server holds an empty long poll until the caller's deadline
      }
      if (!task.getTaskToken().isEmpty()) {
        if (!task.getActivityType().getName().equals(SessionLeaseActivity.TYPE)) {
          throw new AssertionError("took a " + task.getActivityType().getName() + ", not a lease");
        }
        return System.currentTimeMillis();
      }
    }
    throw new AssertionError("no lease to take on " + taskQueue + " within 30 s");
  }
}
