package dev.locus.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.testing.LocalTemporal;
import dev.locus.testing.ServerUnderTest;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The public surface as a user's worker and workflow use it: their own factory, on both servers. */
@ParameterizedClass(name = "{0}")
@EnumSource(ServerUnderTest.class)
class SessionApiTest {
  @Parameter ServerUnderTest server;
  private LocalTemporal temporal;
  private String queue;
  private final List<WorkerFactory> factories = new ArrayList<>();

  @BeforeEach
  void setUp(TestInfo test) {
    temporal = new LocalTemporal(server);
    queue = "api-" + test.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void tearDown() {
    factories.forEach(WorkerFactory::shutdownNow);
    if (temporal != null) { // null where the server under test is not installed: the test was skipped
      temporal.close();
    }
  }

  /** A user's worker: one factory of theirs, their workflows and an ordinary activity, and a session host. */
  private SessionHost worker(String id, int maxSessions, boolean withInterceptor) {
    SessionHost sessions = new SessionHost(queue, queue + "-" + id, maxSessions);
    WorkerFactoryOptions.Builder options = WorkerFactoryOptions.newBuilder();
    if (withInterceptor) {
      options.setWorkerInterceptors(sessions.interceptor());
    }
    WorkerFactory factory = WorkerFactory.newInstance(temporal.newClient(), options.build());
    var workflows = factory.newWorker(queue, SessionWorker.workflowWorkerOptions(temporal.profile().stickyExecution()).build());
    workflows.registerWorkflowImplementationTypes(
        WorkflowImplementationOptions.newBuilder().setFailWorkflowExceptionTypes(SessionFailed.class).build(),
        ApiWorkflowImpl.class);
    workflows.registerActivitiesImplementations((ApiWorkflow.Ordinary) () -> "ordinary on " + id);
    sessions.registerOn(factory).registerActivitiesImplementations((ApiWorkflow.InSession) () ->
        SessionContext.current().sessionId() + "@" + SessionContext.current().workerId());
    factory.start();
    factories.add(factory);
    return sessions;
  }

  private ApiWorkflow stub(String id) {
    return temporal.client().newWorkflowStub(ApiWorkflow.class, temporal.profile().apply(WorkflowOptions.newBuilder()
        .setTaskQueue(queue).setWorkflowId(id).setWorkflowExecutionTimeout(Duration.ofMinutes(2))).build());
  }

  private CompletableFuture<ApiWorkflow.Output> start(String id, ApiWorkflow.Input input) {
    ApiWorkflow workflow = stub(id);
    WorkflowClient.start(workflow::run, input);
    return WorkflowStub.fromTyped(workflow).getResultAsync(ApiWorkflow.Output.class);
  }

  @Test
  void activitiesSeeTheirSessionAndKeepTheirOwnOptionsAndOrdinaryActivitiesShareTheQueue() throws Exception {
    SessionHost host = worker("a", 1, true);
    ApiWorkflow.Output out = start("context", ApiWorkflow.Input.open())
        .get(60, TimeUnit.SECONDS);

    assertThat(out.seen()).isEqualTo(out.sessionId() + "@" + host.workerId());
    assertThat(out.ordinary()).as("an ordinary activity ran on the shared queue while the one slot was held")
        .isEqualTo("ordinary on a");
    assertThat(out.stateAfterClose()).isEqualTo(SessionState.CLOSED);
    HistoryEvent scheduled = temporal.client().fetchHistory("context").getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("ApiWhoAmI"))
        .findFirst().orElseThrow();
    assertThat(scheduled.getActivityTaskScheduledEventAttributes().getHeartbeatTimeout().getSeconds())
        .as("no heartbeat timeout forced on a session activity").isZero();
    assertThat(scheduled.getActivityTaskScheduledEventAttributes().getTaskQueue().getName())
        .isEqualTo(host.taskQueue());
  }

  @Test
  void theSessionsQueryListsTheRunsSessionsWithTheirState() throws Exception {
    SessionHost host = worker("a", 1, true);
    ApiWorkflow workflow = stub("query");
    WorkflowClient.start(workflow::run, new ApiWorkflow.Input(null, false, true, List.of()));
    WorkflowStub untyped = WorkflowStub.fromTyped(workflow);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    SessionInfo[] open = new SessionInfo[0];
    while (open.length == 0 && System.nanoTime() < deadline) {
      open = untyped.query(WorkerSessions.SESSIONS_QUERY, SessionInfo[].class);
      TimeUnit.MILLISECONDS.sleep(100);
    }
    assertThat(open).singleElement().satisfies(s -> {
      assertThat(s.state()).isEqualTo(SessionState.OPEN);
      assertThat(s.workerId()).isEqualTo(host.workerId());
      assertThat(s.taskQueue()).isEqualTo(host.taskQueue());
    });
    workflow.finish();
    ApiWorkflow.Output out = untyped.getResult(30, TimeUnit.SECONDS, ApiWorkflow.Output.class);
    assertThat(untyped.query(WorkerSessions.SESSIONS_QUERY, SessionInfo[].class)).singleElement()
        .satisfies(s -> {
          assertThat(s.sessionId()).isEqualTo(out.sessionId());
          assertThat(s.state()).isEqualTo(SessionState.CLOSED);
        });
  }

  @Test
  void aTokenReopensTheSessionOnTheSameWorkerAfterContinueAsNew() throws Exception {
    worker("a", 1, true);
    worker("b", 1, true);
    ApiWorkflow.Output out = start("reopen", new ApiWorkflow.Input(null, true, false, List.of()))
        .get(60, TimeUnit.SECONDS);
    assertThat(out.workers()).hasSize(2);
    assertThat(out.workers().get(1)).as("the next run's worker").isEqualTo(out.workers().get(0));
    HistoryEvent lease = temporal.client().fetchHistory("reopen").getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName()
            .equals(SessionLeaseActivity.TYPE))
        .findFirst().orElseThrow();
    assertThat(lease.getActivityTaskScheduledEventAttributes().getTaskQueue().getName())
        .as("the next run asked the token's worker, not any worker")
        .isEqualTo(TaskQueues.workerQueue(queue, out.workers().get(0)));
  }

  @Test
  void aTokenOfAWorkerThatIsGoneOpensTheSessionElsewhere() throws Exception {
    SessionHost b = worker("b", 1, true);
    SessionToken gone = new SessionToken(queue + "-gone", TaskQueues.workerQueue(queue, queue + "-gone"));
    ApiWorkflow.Output out = start("fallback", new ApiWorkflow.Input(gone, false, false, List.of()))
        .get(60, TimeUnit.SECONDS);
    assertThat(out.workers()).containsExactly(b.workerId());
  }

  @Test
  void aHostWhoseFactoryLacksItsInterceptorRefusesSessionsSayingWhy() {
    worker("a", 1, false);
    CompletableFuture<ApiWorkflow.Output> result = start("misconfigured", ApiWorkflow.Input.open());
    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> result.get(60, TimeUnit.SECONDS));
    assertThat(failure).hasCauseInstanceOf(WorkflowFailedException.class);
    Throwable cause = failure.getCause().getCause();
    assertThat(cause).isInstanceOf(ApplicationFailure.class);
    assertThat(((ApplicationFailure) cause).getType()).isEqualTo(SessionFailed.class.getName());
    assertThat(cause.getMessage()).contains("SessionHost.interceptor()");
  }
}
