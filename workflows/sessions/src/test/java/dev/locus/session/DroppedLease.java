package dev.locus.session;

import dev.locus.testing.LocalTemporal;
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
   * Polls {@code sharedQueue}'s lease queue as a worker would, and neither runs nor answers what it gets.
   *
   * @return when the lease was taken
   */
  public static long take(LocalTemporal temporal, String sharedQueue) {
    var service = temporal.client().getWorkflowServiceStubs().blockingStub();
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      PollActivityTaskQueueResponse task = service.withDeadlineAfter(30, TimeUnit.SECONDS).pollActivityTaskQueue(
          PollActivityTaskQueueRequest.newBuilder()
              .setNamespace(temporal.client().getOptions().getNamespace())
              .setTaskQueue(TaskQueue.newBuilder().setName(TaskQueues.leaseQueue(sharedQueue)))
              .setIdentity("a-process-going-away")
              .build());
      if (!task.getTaskToken().isEmpty()) {
        if (!task.getActivityType().getName().equals(SessionLeaseActivity.TYPE)) {
          throw new AssertionError("took a " + task.getActivityType().getName() + ", not a lease");
        }
        return System.currentTimeMillis();
      }
    }
    throw new AssertionError("no lease to take on " + sharedQueue + " within 30 s");
  }
}
