package dev.locus.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.locus.testing.LocalTemporal;
import dev.locus.testing.ServerUnderTest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link SessionOptions.Liveness#PER_WORKER}: one presence per worker, on both servers, with workers that die. */
@ParameterizedClass(name = "{0}")
@EnumSource(ServerUnderTest.class)
class WorkerPresenceTest {
  @Parameter ServerUnderTest server;
  private LocalTemporal temporal;
  private final List<InProcessWorker> workers = new ArrayList<>();
  private final List<AutoCloseable> closeAfter = new ArrayList<>();
  private String queue;

  @BeforeEach
  void setUp(TestInfo test) {
    temporal = new LocalTemporal(server);
    queue = "presence-" + test.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void tearDown() throws Exception {
    workers.forEach(InProcessWorker::close);
    for (AutoCloseable c : closeAfter) {
      c.close();
    }
    if (temporal != null) { // null where the server under test is not installed: the test was skipped
      temporal.close();
    }
  }

  private InProcessWorker worker(String id, int maxSessions) {
    InProcessWorker w = InProcessWorker.probe(temporal, queue, queue + "-" + id, maxSessions);
    workers.add(w);
    return w;
  }

  /** A live session worker that takes no sessions: it runs workflow tasks and watches the others' presence. */
  private void watcher() {
    worker("watcher", 1).host().cordon();
  }

  /** {@link #watcher()}, among the workers that probe each other's presence. */
  private InProcessWorker probingWatcher() {
    InProcessWorker w = probedWorker("watcher", 1, InProcessWorker.ANSWERING);
    w.host().cordon();
    return w;
  }

  private InProcessWorker probedWorker(String id, int maxSessions, URI probedAt) {
    InProcessWorker w = InProcessWorker.probe(temporal, queue, queue + "-" + id, maxSessions, probedAt);
    workers.add(w);
    return w;
  }

  private record Started(String workflowId, CompletableFuture<ProbeWorkflow.Result> result) {}

  private Started start(ProbeWorkflow.Plan plan) {
    ProbeWorkflow wf = temporal.client().newWorkflowStub(ProbeWorkflow.class, temporal.profile().apply(
        WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowExecutionTimeout(Duration.ofMinutes(10))).build());
    String id = WorkflowClient.start(wf::run, plan).getWorkflowId();
    return new Started(id, WorkflowStub.fromTyped(wf).getResultAsync(ProbeWorkflow.Result.class));
  }

  /**
   * The session failed as WorkerLost within its heartbeat timeout of the kill, plus 3 s for the watcher's workflow
   * task, the signal and the session workflow's task (a sticky one waits 1 s for the dead worker first).
   */
  private static void assertLostWithin(Started s, long killedAt, long heartbeatTimeoutMs) throws Exception {
    ProbeWorkflow.Result r = s.result().get(60, TimeUnit.SECONDS);
    assertThat(r.failureReason()).isEqualTo("WorkerLost");
    assertThat(r.failedAtMillis() - killedAt).as("detection after kill, ms").isBetween(0L, heartbeatTimeoutMs + 3000);
  }

  @Test
  void oneLostPresenceFailsAllOfItsWorkersSessionsWithinItsTimeout() throws Exception {
    watcher();
    InProcessWorker a = worker("a", 3);
    List<Started> started = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      started.add(start(ProbeWorkflow.Plan.work(50).idle(120_000).perWorkerLiveness()));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> a.host().openSessions().size() == 3);
    TimeUnit.MILLISECONDS.sleep(1500); // the work steps are over: the sessions are idle
    long killedAt = System.currentTimeMillis();
    a.kill();

    for (Started s : started) {
      // A lease heartbeat would take 5 minutes (its backstop).
      assertLostWithin(s, killedAt, 3000);
    }
    List<HistoryEvent> history = temporal.client().fetchHistory(started.get(0).workflowId()).getEvents();
    HistoryEvent lease = history.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName()
            .equals(SessionLeaseActivity.TYPE))
        .findFirst().orElseThrow();
    assertThat(lease.getActivityTaskScheduledEventAttributes().getHeartbeatTimeout().getSeconds())
        .as("the lease heartbeats only as a backstop").isEqualTo(300);
    assertThat(history).anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
        && e.getWorkflowExecutionSignaledEventAttributes().getSignalName().equals(SessionSignals.WORKER_LOST));
  }

  /**
   * A worker whose process other workers probe: its presence heartbeats once a minute, not within 3 s, and a probe
   * on another worker reports it lost as soon as a heartbeat would have.
   */
  @Test
  void aProbedWorkersLossIsReportedByItsProbeWithinTheHeartbeatTimeout() throws Exception {
    InProcessWorker watcher = probingWatcher();
    InProcessWorker a = probedWorker("a", 3, InProcessWorker.ANSWERING);
    List<Started> started = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      started.add(start(ProbeWorkflow.Plan.work(50).idle(120_000).perWorkerLiveness()));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> a.host().openSessions().size() == 3);
    String watch = WorkerPresence.workflowId(a.host().taskQueue(), SessionOptions.DEFAULT_HEARTBEAT_TIMEOUT);
    await().atMost(Duration.ofSeconds(30)).until(() -> scheduled(watch, PresenceProbeActivity.TYPE).isPresent());
    assertThat(scheduled(watch, PresenceProbeActivity.TYPE).orElseThrow().getTaskQueue().getName())
        .as("the other worker probes it").isEqualTo(watcher.host().taskQueue());
    TimeUnit.MILLISECONDS.sleep(1500);
    long killedAt = System.currentTimeMillis();
    a.kill();

    for (Started s : started) {
      assertLostWithin(s, killedAt, 3000);
    }
    assertThat(scheduled(watch, WorkerPresenceActivity.PROBED_TYPE).orElseThrow().getHeartbeatTimeout().getSeconds())
        .as("the presence heartbeats only as a backstop").isEqualTo(60);
    assertThat(temporal.client().fetchHistory(started.get(0).workflowId()).getEvents())
        .anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
            && e.getWorkflowExecutionSignaledEventAttributes().getInput().toString()
                .contains("did not answer its presence probe"));
  }

  /** The worker probing another leaves: the next worker takes the probe over, and reports the loss in time. */
  @Test
  void aProbeWhoseWorkerLeavesIsTakenOverByTheNextWorker() throws Exception {
    InProcessWorker a = probedWorker("a", 1, InProcessWorker.ANSWERING);
    InProcessWorker b = probedWorker("b", 1, InProcessWorker.ANSWERING);
    InProcessWorker c = probedWorker("c", 1, InProcessWorker.ANSWERING);
    b.host().cordon();
    c.host().cordon();
    Started s = start(ProbeWorkflow.Plan.work(50).idle(120_000).perWorkerLiveness());
    await().atMost(Duration.ofSeconds(30)).until(() -> a.host().openSessions().size() == 1);
    String watch = WorkerPresence.workflowId(a.host().taskQueue(), SessionOptions.DEFAULT_HEARTBEAT_TIMEOUT);
    await().atMost(Duration.ofSeconds(30)).until(() -> probedBy(watch).equals(b.host().taskQueue()));
    b.drain(Duration.ZERO);
    await().atMost(Duration.ofSeconds(30)).until(() -> probedBy(watch).equals(c.host().taskQueue()));
    TimeUnit.MILLISECONDS.sleep(1000);
    long killedAt = System.currentTimeMillis();
    a.kill();

    assertLostWithin(s, killedAt, 3000);
    assertThat(temporal.client().newUntypedWorkflowStub(watch).describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
  }

  /** A probed worker that drains: its presence fails first and lists what it held, and its watch ends as it should. */
  @Test
  void aProbedWorkerThatDrainsEndsItsWatch() throws Exception {
    probingWatcher();
    InProcessWorker a = probedWorker("a", 1, InProcessWorker.ANSWERING);
    Started s = start(ProbeWorkflow.Plan.work(50).idle(120_000).perWorkerLiveness());
    await().atMost(Duration.ofSeconds(30)).until(() -> a.host().openSessions().size() == 1);
    String watch = WorkerPresence.workflowId(a.host().taskQueue(), SessionOptions.DEFAULT_HEARTBEAT_TIMEOUT);
    await().atMost(Duration.ofSeconds(30)).until(() -> scheduled(watch, PresenceProbeActivity.TYPE).isPresent());
    a.drain(Duration.ZERO);

    assertThat(s.result().get(60, TimeUnit.SECONDS).failureReason()).isEqualTo("WorkerDraining");
    temporal.client().newUntypedWorkflowStub(watch).getResult(30, TimeUnit.SECONDS, Void.class);
  }

  private String probedBy(String watch) {
    return scheduled(watch, PresenceProbeActivity.TYPE).map(a -> a.getTaskQueue().getName()).orElse("");
  }

  /**
   * A worker that advertises an address no other worker gets an answer from (a wrong host, or a network policy that
   * drops the probes) is never reported lost by a probe: only its presence's backstop could, and its sessions go on.
   */
  @Test
  void aProbedWorkerNoOtherWorkerReachesKeepsItsSessions() throws Exception {
    probingWatcher();
    // Connections complete (the kernel's backlog) and no answer ever comes, as where probes are dropped.
    @SuppressWarnings("resource")
    ServerSocket blackhole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    closeAfter.add(blackhole);
    InProcessWorker a = probedWorker("a", 1, URI.create("http://127.0.0.1:" + blackhole.getLocalPort() + "/"));
    Started s = start(ProbeWorkflow.Plan.work(50).idle(8000).perWorkerLiveness());
    String watch = WorkerPresence.workflowId(a.host().taskQueue(), SessionOptions.DEFAULT_HEARTBEAT_TIMEOUT);

    ProbeWorkflow.Result r = s.result().get(60, TimeUnit.SECONDS);
    assertThat(r.failureReason()).isNull();
    assertThat(r.worker()).isEqualTo(a.host().workerId());
    assertThat(scheduled(watch, PresenceProbeActivity.TYPE)).as("a probe watched it meanwhile").isPresent();
  }

  /** The last activity of {@code type} the run of {@code workflowId} scheduled. */
  private Optional<ActivityTaskScheduledEventAttributes> scheduled(String workflowId, String type) {
    return temporal.client().fetchHistory(workflowId).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .map(HistoryEvent::getActivityTaskScheduledEventAttributes)
        .filter(a -> a.getActivityType().getName().equals(type))
        .reduce((first, last) -> last);
  }

  @Test
  void sessionsWithTheirOwnHeartbeatTimeoutGetAPresenceOfThatTimeout() throws Exception {
    watcher();
    InProcessWorker a = worker("a", 3);
    List<Started> fast = List.of(start(ProbeWorkflow.Plan.work(50).idle(120_000).heartbeatTimeout(2000)
        .perWorkerLiveness()), start(ProbeWorkflow.Plan.work(50).idle(120_000).heartbeatTimeout(2000)
        .perWorkerLiveness()));
    Started slow = start(ProbeWorkflow.Plan.work(50).idle(120_000).heartbeatTimeout(6000).perWorkerLiveness());
    await().atMost(Duration.ofSeconds(30)).until(() -> a.host().openSessions().size() == 3);
    for (long timeout : new long[] {2000, 6000}) {
      assertThat(temporal.client().newUntypedWorkflowStub(
          WorkerPresence.workflowId(a.host().taskQueue(), Duration.ofMillis(timeout))).describe().getStatus())
          .as("presence with a %d ms timeout", timeout)
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    }
    TimeUnit.MILLISECONDS.sleep(1000);
    long killedAt = System.currentTimeMillis();
    a.kill();

    for (Started s : fast) {
      assertLostWithin(s, killedAt, 2000);
    }
    assertLostWithin(slow, killedAt, 6000);
  }

  @Test
  void theRerouteAfterALostPresenceCompletesOnAnotherWorker() throws Exception {
    InProcessWorker a = worker("a", 1);
    InProcessWorker b = worker("b", 1);
    Started s = start(ProbeWorkflow.Plan.work(50).idle(4000).rerouted(3).perWorkerLiveness());
    await().atMost(Duration.ofSeconds(30))
        .until(() -> !a.host().openSessions().isEmpty() || !b.host().openSessions().isEmpty());
    InProcessWorker holder = a.host().openSessions().isEmpty() ? b : a;
    holder.kill();

    ProbeWorkflow.Result r = s.result().get(60, TimeUnit.SECONDS);
    InProcessWorker other = holder == a ? b : a;
    assertThat(r.worker()).isEqualTo(other.host().workerId());
    assertThat(r.attempts()).extracting(SessionAttempt::outcome).containsExactly("WorkerLost", "Completed");
  }

  /**
   * As when the server hands a lease to the last poll of a worker's process as it exits: the lease is started there and
   * never runs. The workflow does not wait for the lease's 5-minute backstop: it asks again once the lease has been
   * silent for three heartbeat timeouts, and another worker takes the session.
   */
  @Test
  void aLeaseTakenByAPollThatNeverRunsItIsAskedForAgain() throws Exception {
    watcher();
    Started s = start(ProbeWorkflow.Plan.work(50).perWorkerLiveness());
    long takenAt = DroppedLease.take(temporal, TaskQueues.leaseQueue(queue));
    InProcessWorker a = worker("a", 1);

    ProbeWorkflow.Result r = s.result().get(60, TimeUnit.SECONDS);
    assertThat(r.failureReason()).isNull();
    assertThat(r.worker()).isEqualTo(a.host().workerId());
    assertThat(System.currentTimeMillis() - takenAt).as("ms until the work was done elsewhere")
        .isLessThan(LeaseStartCheck.grace(SessionOptions.DEFAULT_HEARTBEAT_TIMEOUT)
            .plus(SessionOptions.DEFAULT_HEARTBEAT_TIMEOUT).toMillis() + 15_000);
    assertThat(temporal.client().fetchHistory(s.workflowId()).getEvents())
        .as("the lost lease is given up").anyMatch(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED);
  }

  @Test
  void aWorkersPresenceEndsWithItsLastSession() throws Exception {
    watcher();
    InProcessWorker a = worker("a", 2);
    ProbeWorkflow.Result r = start(ProbeWorkflow.Plan.work(200).perWorkerLiveness()).result().get(60,
        TimeUnit.SECONDS);
    assertThat(r.failureReason()).isNull();
    assertThat(r.worker()).isEqualTo(a.host().workerId());
    WorkflowStub presence = temporal.client().newUntypedWorkflowStub(
        WorkerPresence.workflowId(a.host().taskQueue(), SessionOptions.DEFAULT_HEARTBEAT_TIMEOUT));
    presence.getResult(30, TimeUnit.SECONDS, Void.class); // completes: an idle worker costs no heartbeats
  }

  @Test
  void perSessionLivenessStartsNoPresence() throws Exception {
    InProcessWorker a = worker("a", 1);
    ProbeWorkflow.Result r = start(ProbeWorkflow.Plan.work(50)).result().get(60, TimeUnit.SECONDS);
    assertThat(r.failureReason()).isNull();
    assertThatThrownBy(() -> temporal.client().getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
        DescribeWorkflowExecutionRequest.newBuilder().setNamespace(temporal.client().getOptions().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(
                WorkerPresence.workflowId(a.host().taskQueue(), SessionOptions.DEFAULT_HEARTBEAT_TIMEOUT)))
            .build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }
}
