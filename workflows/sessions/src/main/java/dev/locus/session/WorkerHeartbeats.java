package dev.locus.session;

import com.google.protobuf.ByteString;
import io.temporal.api.enums.v1.WorkerStatus;
import io.temporal.api.worker.v1.WorkerHeartbeat;
import io.temporal.api.worker.v1.WorkerInfo;
import io.temporal.api.worker.v1.WorkerListInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkerRequest;
import io.temporal.api.workflowservice.v1.ListWorkersRequest;
import io.temporal.api.workflowservice.v1.ListWorkersResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.HashSet;
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
  /** How many queues one listing asks for: its query names each of them. */
  public static final int QUEUES_PER_LISTING = 100;

  private WorkerHeartbeats() {}

  /**
   * The latest heartbeat of each worker on {@code queue} that has not shut down and whose identity {@code identities}
   * accepts.
   *
   * @throws io.grpc.StatusRuntimeException where the server cannot list workers
   */
  public static List<WorkerHeartbeat> onQueue(WorkflowServiceStubs stubs, String namespace, String queue,
      Predicate<String> identities) {
    return onQueues(stubs, namespace, Set.of(queue)).heartbeats().stream()
        .filter(h -> identities.test(h.getWorkerIdentity())).toList();
  }

  /** Heartbeats, and the calls made to the server for them. */
  public record Listing(List<WorkerHeartbeat> heartbeats, int calls) {}

  /**
   * The latest heartbeat of each worker on any of {@code queues} that has not shut down: one listing per
   * {@link #QUEUES_PER_LISTING} queues (and per page), plus one call per worker where the server lists summaries.
   *
   * @throws io.grpc.StatusRuntimeException where the server cannot list workers
   */
  public static Listing onQueues(WorkflowServiceStubs stubs, String namespace, Set<String> queues) {
    List<String> sorted = queues.stream().sorted().toList();
    List<WorkerHeartbeat> heartbeats = new ArrayList<>();
    int calls = 0;
    for (int from = 0; from < sorted.size(); from += QUEUES_PER_LISTING) {
      String query = sorted.subList(from, Math.min(sorted.size(), from + QUEUES_PER_LISTING)).stream()
          .map(q -> "TaskQueue = '" + q.replace("'", "") + "'").collect(Collectors.joining(" OR "));
      ByteString page = ByteString.EMPTY;
      do {
        ListWorkersResponse listed = stubs.blockingStub().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
            .listWorkers(ListWorkersRequest.newBuilder().setNamespace(namespace).setQuery(query)
                .setNextPageToken(page).build());
        calls++;
        Set<String> whole = new HashSet<>();
        for (WorkerInfo info : listed.getWorkersInfoList()) {
          if (!info.getWorkerHeartbeat().getTaskQueue().isEmpty()) {
            heartbeats.add(info.getWorkerHeartbeat());
            whole.add(info.getWorkerHeartbeat().getWorkerInstanceKey());
          }
        }
        for (WorkerListInfo summary : listed.getWorkersList()) {
          if (!whole.contains(summary.getWorkerInstanceKey()) && queues.contains(summary.getTaskQueue())
              && summary.getStatus() != WorkerStatus.WORKER_STATUS_SHUTDOWN) {
            heartbeats.add(stubs.blockingStub().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                .describeWorker(DescribeWorkerRequest.newBuilder().setNamespace(namespace)
                    .setWorkerInstanceKey(summary.getWorkerInstanceKey()).build())
                .getWorkerInfo().getWorkerHeartbeat());
            calls++;
          }
        }
        page = listed.getNextPageToken();
      } while (!page.isEmpty());
    }
    return new Listing(heartbeats.stream().filter(h -> queues.contains(h.getTaskQueue()))
        .filter(h -> h.getStatus() != WorkerStatus.WORKER_STATUS_SHUTDOWN).toList(), calls);
  }
}
