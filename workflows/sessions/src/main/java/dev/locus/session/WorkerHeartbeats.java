package dev.locus.session;

import io.temporal.api.enums.v1.WorkerStatus;
import io.temporal.api.worker.v1.WorkerHeartbeat;
import io.temporal.api.worker.v1.WorkerInfo;
import io.temporal.api.worker.v1.WorkerListInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkerRequest;
import io.temporal.api.workflowservice.v1.ListWorkersRequest;
import io.temporal.api.workflowservice.v1.ListWorkersResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The heartbeats workers send the server (server 1.29+): who polls a queue, when it last said so, and its slots.
 * ListWorkers with a query answers a summary of each worker on some servers and whole heartbeats on others; where it
 * gives a summary, DescribeWorker gives the heartbeat.
 */
public final class WorkerHeartbeats {
  private static final long DEADLINE_SECONDS = 5;

  private WorkerHeartbeats() {}

  /**
   * The latest heartbeat of each worker on {@code queue} that has not shut down and whose identity {@code identities}
   * accepts.
   *
   * @throws io.grpc.StatusRuntimeException where the server cannot list workers
   */
  public static List<WorkerHeartbeat> onQueue(WorkflowServiceStubs stubs, String namespace, String queue,
      Predicate<String> identities) {
    ListWorkersResponse listed = stubs.blockingStub().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
        .listWorkers(ListWorkersRequest.newBuilder().setNamespace(namespace)
            .setQuery("TaskQueue = '" + queue.replace("'", "") + "'").build());
    List<WorkerHeartbeat> heartbeats = new ArrayList<>();
    for (WorkerInfo info : listed.getWorkersInfoList()) {
      if (!info.getWorkerHeartbeat().getTaskQueue().isEmpty()) {
        heartbeats.add(info.getWorkerHeartbeat());
      }
    }
    Set<String> whole = heartbeats.stream().map(WorkerHeartbeat::getWorkerInstanceKey).collect(Collectors.toSet());
    for (WorkerListInfo summary : listed.getWorkersList()) {
      if (!whole.contains(summary.getWorkerInstanceKey()) && summary.getTaskQueue().equals(queue)
          && summary.getStatus() != WorkerStatus.WORKER_STATUS_SHUTDOWN
          && identities.test(summary.getWorkerIdentity())) {
        heartbeats.add(stubs.blockingStub().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
            .describeWorker(DescribeWorkerRequest.newBuilder().setNamespace(namespace)
                .setWorkerInstanceKey(summary.getWorkerInstanceKey()).build())
            .getWorkerInfo().getWorkerHeartbeat());
      }
    }
    return heartbeats.stream().filter(h -> h.getTaskQueue().equals(queue))
        .filter(h -> h.getStatus() != WorkerStatus.WORKER_STATUS_SHUTDOWN)
        .filter(h -> identities.test(h.getWorkerIdentity())).toList();
  }
}
