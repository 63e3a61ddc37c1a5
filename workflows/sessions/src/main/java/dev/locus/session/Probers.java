package dev.locus.session;

import io.grpc.Status;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A probed worker's side of {@link ProbersWorkflow}: joins, leaves, and reads who may probe it. */
final class Probers {
  private static final Logger log = LoggerFactory.getLogger(Probers.class);
  private static final long QUERY_DEADLINE_MILLIS = 1_000;
  private final WorkflowClient client;
  private final String presenceQueue;
  private final String workerQueue;
  /** The order {@link #forThisWorker} last read. */
  private volatile List<String> lastRead = List.of();

  Probers(WorkflowClient client, String presenceQueue, String workerQueue) {
    this.client = client;
    this.presenceQueue = presenceQueue;
    this.workerQueue = workerQueue;
  }

  /** Joins, best effort: a worker that could not join now joins when it next asks for a presence. */
  void join() {
    try {
      ProbersWorkflow probers = stub(true);
      BatchRequest start = client.newSignalWithStartRequest();
      start.add(probers::keep, List.<String>of());
      start.add(probers::joined, workerQueue);
      try {
        client.signalWithStart(start);
      } catch (RuntimeException e) {
        if (!(e instanceof WorkflowExecutionAlreadyStarted)
            && Status.fromThrowable(e).getCode() != Status.Code.ALREADY_EXISTS) {
          throw e;
        }
        stub(false).joined(workerQueue); // another worker started it at the same moment (the embedded server says so)
      }
    } catch (RuntimeException e) {
      log.warn("{}: cannot join the workers that probe each other's presence ({})", workerQueue,
          FailureMessages.describe(e));
    }
  }

  void leave() {
    try {
      stub(false).left(workerQueue);
    } catch (RuntimeException e) {
      log.warn("{}: cannot leave the workers that probe each other's presence ({})", workerQueue,
          FailureMessages.describe(e));
    }
  }

  /**
   * Joins, and returns the other members in the order they are to try probing this worker. It waits at most
   * {@link #QUERY_DEADLINE_MILLIS} for them, since a session waits for its presence: then it answers those it last
   * read, if any.
   */
  List<String> forThisWorker() {
    join();
    try {
      QueryWorkflowResponse answer = client.getWorkflowServiceStubs().blockingStub()
          .withDeadlineAfter(QUERY_DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
          .queryWorkflow(QueryWorkflowRequest.newBuilder()
              .setNamespace(client.getOptions().getNamespace())
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(ProbersWorkflow.workflowId(presenceQueue)))
              .setQuery(WorkflowQuery.newBuilder().setQueryType(ProbersWorkflow.QUERY))
              .build());
      String[] members = client.getOptions().getDataConverter().fromPayloads(0,
          Optional.of(answer.getQueryResult()), String[].class, String[].class);
      lastRead = after(workerQueue, List.of(members));
    } catch (RuntimeException e) {
      log.warn("{}: cannot read which workers may probe its presence ({}); asking those it last read: {}",
          workerQueue, FailureMessages.describe(e), lastRead);
    }
    return lastRead;
  }

  /** {@code members} without {@code workerQueue}, from the one after it in their order, round to the one before. */
  static List<String> after(String workerQueue, List<String> members) {
    List<String> others = members.stream().filter(m -> !m.equals(workerQueue)).sorted().toList();
    int from = (int) others.stream().filter(m -> m.compareTo(workerQueue) < 0).count();
    return Stream.concat(others.subList(from, others.size()).stream(), others.subList(0, from).stream()).toList();
  }

  private ProbersWorkflow stub(boolean forStart) {
    String id = ProbersWorkflow.workflowId(presenceQueue);
    if (!forStart) {
      return client.newWorkflowStub(ProbersWorkflow.class, id);
    }
    return client.newWorkflowStub(ProbersWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(presenceQueue)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .build());
  }
}
