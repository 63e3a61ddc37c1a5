package dev.locus.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.locus.testing.LocalTemporal;
import dev.locus.testing.ServerUnderTest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The session semantics of DESIGN.md against a Temporal gRPC server (the embedded stand-in, and the real server with
 * sticky execution on) and workers that really die.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ServerUnderTest.class)
class WorkerSessionsTest {
  @Parameter ServerUnderTest server;
  private LocalTemporal temporal;
  private final List<InProcessWorker> workers = new ArrayList<>();
  private String queue;
  private ProbeWorkflow lastStarted;

  @BeforeEach
  void setUp(TestInfo test) {
    temporal = new LocalTemporal(server);
    queue = "probe-" + test.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void tearDown() {
    workers.forEach(InProcessWorker::close);
    if (temporal != null) { // null where the server under test is not installed: the test was skipped
      temporal.close();
    }
  }

  private InProcessWorker worker(String id, int maxSessions) {
    String workerId = queue + "-" + id;
    InProcessWorker w = InProcessWorker.probe(temporal, queue, workerId, maxSessions);
    workers.add(w);
    return w;
  }

  /** Runs workflow tasks only (no session slots), so workflows live on when every session worker is gone. */
  private void workflowOnlyWorker() {
    WorkerFactory factory = WorkerFactory.newInstance(temporal.newClient(),
        WorkerFactoryOptions.newBuilder().setWorkerInterceptors(new SessionInterceptor()).build());
    factory.newWorker(queue, SessionWorker.workflowWorkerOptions(temporal.profile().stickyExecution()).build())
        .registerWorkflowImplementationTypes(ProbeWorkflowImpl.class);
    factory.start();
  }

  private CompletableFuture<ProbeWorkflow.Result> start(ProbeWorkflow.Plan plan) {
    ProbeWorkflow wf = temporal.client().newWorkflowStub(ProbeWorkflow.class, temporal.profile().apply(
        WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowExecutionTimeout(Duration.ofMinutes(3))).build());
    WorkflowClient.start(wf::run, plan);
    lastStarted = wf;
    return WorkflowStub.fromTyped(wf).getResultAsync(ProbeWorkflow.Result.class);
  }

  private static InProcessWorker holderOf(List<InProcessWorker> candidates) {
    await().atMost(Duration.ofSeconds(20))
        .until(() -> candidates.stream().anyMatch(w -> !w.host().openSessions().isEmpty()));
    return candidates.stream().filter(w -> !w.host().openSessions().isEmpty()).findFirst().orElseThrow();
  }

  @Test
  void aWorkerNeverHoldsMoreSessionsThanItsSlotsAndWaitingWorkflowsWait() throws Exception {
    InProcessWorker a = worker("a", 2);
    InProcessWorker b = worker("b", 2);
    AtomicInteger peakOpen = new AtomicInteger();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler = new Thread(() -> {
      while (sampling.get()) {
        peakOpen.accumulateAndGet(Math.max(a.host().openSessions().size(), b.host().openSessions().size()), Math::max);
        Thread.onSpinWait();
      }
    });
    sampler.start();
    List<CompletableFuture<ProbeWorkflow.Result>> results = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      results.add(start(ProbeWorkflow.Plan.work(700)));
    }
    List<ProbeWorkflow.Result> done = new ArrayList<>();
    for (CompletableFuture<ProbeWorkflow.Result> r : results) {
      done.add(r.get(90, TimeUnit.SECONDS));
    }
    sampling.set(false);
    sampler.join();

    assertThat(done).allSatisfy(r -> assertThat(r.failureReason()).isNull());
    assertThat(peakOpen.get()).isBetween(1, 2);
    assertThat(ProbeActivitiesImpl.PEAK.get(a.host().workerId()).get()).isLessThanOrEqualTo(2);
    assertThat(ProbeActivitiesImpl.PEAK.get(b.host().workerId()).get()).isLessThanOrEqualTo(2);
    Map<String, Long> perWorker = done.stream().collect(Collectors.groupingBy(ProbeWorkflow.Result::worker,
        Collectors.counting()));
    assertThat(perWorker).containsOnlyKeys(a.host().workerId(), b.host().workerId());
  }

  @Test
  void anIdleWorkersDeathIsDetectedWithinTheHeartbeatTimeout() throws Exception {
    workflowOnlyWorker();
    InProcessWorker a = worker("a", 1);
    CompletableFuture<ProbeWorkflow.Result> result = start(ProbeWorkflow.Plan.work(50).idle(120_000));
    holderOf(List.of(a));
    TimeUnit.MILLISECONDS.sleep(1500); // the work step is over: the session is idle
    long killedAt = System.currentTimeMillis();
    a.kill();

    ProbeWorkflow.Result r = result.get(30, TimeUnit.SECONDS);
    assertThat(r.failureReason()).isEqualTo("WorkerLost");
    assertThat(r.failedAtMillis() - killedAt).as("detection after kill, ms").isBetween(0L, 3000L + 1500L);
  }

  @Test
  void aFailedSessionIsReroutedToAnotherWorker() throws Exception {
    InProcessWorker a = worker("a", 1);
    InProcessWorker b = worker("b", 1);
    CompletableFuture<ProbeWorkflow.Result> result = start(ProbeWorkflow.Plan.work(50).idle(4000).rerouted(3));
    InProcessWorker holder = holderOf(List.of(a, b));
    holder.kill();

    ProbeWorkflow.Result r = result.get(60, TimeUnit.SECONDS);
    String other = holder == a ? b.host().workerId() : a.host().workerId();
    assertThat(r.worker()).isEqualTo(other);
    assertThat(r.attempts()).extracting(SessionAttempt::outcome).containsExactly("WorkerLost", "Completed");
    assertThat(r.attempts().get(0).workerId()).isEqualTo(holder.host().workerId());
    assertThat(r.attempts().get(1).steps()).extracting(SessionStep::workerId).containsOnly(other);
  }

  @Test
  void drainFailsOpenSessionsAsWorkerDrainingAndTheyMoveAtOnce() throws Exception {
    InProcessWorker a = worker("a", 1);
    InProcessWorker b = worker("b", 1);
    CompletableFuture<ProbeWorkflow.Result> result = start(ProbeWorkflow.Plan.work(50).idle(4000).rerouted(3));
    InProcessWorker holder = holderOf(List.of(a, b));
    TimeUnit.MILLISECONDS.sleep(500);
    long drainAt = System.currentTimeMillis();
    SessionDrain.Result drained = holder.drain(Duration.ZERO);

    ProbeWorkflow.Result r = result.get(60, TimeUnit.SECONDS);
    assertThat(drained.failed()).isEqualTo(1);
    assertThat(r.attempts()).extracting(SessionAttempt::outcome).containsExactly("WorkerDraining", "Completed");
    assertThat(r.attempts().get(0).endedAtMillis() - drainAt).as("moved after drain, ms").isLessThan(1500);
    assertThat(r.worker()).isNotEqualTo(holder.host().workerId());
  }

  @Test
  void anActivityThatFailsAfterItsSessionEndedIsASessionFailureAndItsDataOutlivesIt() throws Exception {
    InProcessWorker a = worker("a", 1);
    InProcessWorker b = worker("b", 1);
    CompletableFuture<ProbeWorkflow.Result> result =
        start(ProbeWorkflow.Plan.work(3000).firstLingering(700).rerouted(3));
    InProcessWorker holder = holderOf(List.of(a, b));
    String sessionId = holder.host().openSessions().iterator().next();
    List<Long> dataRemovedAt = new ArrayList<>();
    holder.host().onSessionClosed(id -> dataRemovedAt.add(System.nanoTime()));
    TimeUnit.MILLISECONDS.sleep(300);
    Thread drain = new Thread(() -> {
      try {
        holder.drain(Duration.ZERO);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    drain.start();

    // The lingering activity fails with a work failure ("NotFound") 700 ms after its session ended: on the worker
    // that failure is reported as the session's, so the history says WorkerDraining, and the workflow re-routes.
    String workflowId = WorkflowStub.fromTyped(lastStarted).getExecution().getWorkflowId();
    await().atMost(Duration.ofSeconds(20)).until(() -> failedActivity(workflowId) != null);
    io.temporal.api.failure.v1.Failure reported = failedActivity(workflowId);
    assertThat(reported.getApplicationFailureInfo().getType()).isEqualTo("locus.WorkerDraining");
    assertThat(reported.getMessage()).contains(sessionId).contains("input.bin: no such file");
    ProbeWorkflow.Result r = result.get(60, TimeUnit.SECONDS);
    drain.join();
    assertThat(r.attempts()).extracting(SessionAttempt::outcome).containsExactly("WorkerDraining", "Completed");
    assertThat(dataRemovedAt).as("session closed for its data once").hasSize(1);
    assertThat(dataRemovedAt.get(0)).as("local data removed after the activity stopped")
        .isGreaterThanOrEqualTo(ProbeActivitiesImpl.LINGER_STOPPED.get(holder.host().workerId()));
  }

  private io.temporal.api.failure.v1.Failure failedActivity(String workflowId) {
    return temporal.client().fetchHistory(workflowId).getEvents().stream()
        .filter(e -> e.hasActivityTaskFailedEventAttributes())
        .map(e -> e.getActivityTaskFailedEventAttributes().getFailure())
        .filter(f -> f.getMessage().contains("input.bin"))
        .findFirst().orElse(null);
  }

  @Test
  void drainLetsOpenSessionsFinishWithinTheGracePeriod() throws Exception {
    InProcessWorker a = worker("a", 1);
    CompletableFuture<ProbeWorkflow.Result> result = start(ProbeWorkflow.Plan.work(5000).rerouted(3));
    holderOf(List.of(a));
    worker("b", 1); // somewhere to go, should a's session be failed instead of let finish
    SessionDrain.Result drained = a.drain(Duration.ofSeconds(20));

    ProbeWorkflow.Result r = result.get(60, TimeUnit.SECONDS);
    assertThat(drained.failed()).isZero();
    assertThat(r.attempts()).extracting(SessionAttempt::outcome).containsExactly("Completed");
    assertThat(r.worker()).isEqualTo(a.host().workerId());
  }

  @Test
  void noFreeSlotWithinTheCreationTimeoutFailsAsCreationTimedOut() throws Exception {
    workflowOnlyWorker();
    ProbeWorkflow.Result r = start(ProbeWorkflow.Plan.work(1).creationTimeout(1500)).get(30, TimeUnit.SECONDS);
    assertThat(r.failureReason()).isEqualTo("CreationTimedOut");
  }

  @Test
  void closeFreesTheSlotAtOnce() throws Exception {
    InProcessWorker a = worker("a", 1);
    ProbeWorkflow.Result first = start(ProbeWorkflow.Plan.work(10)).get(30, TimeUnit.SECONDS);
    assertThat(first.closeMillis()).as("close took, ms").isLessThan(1000);
    assertThat(a.host().openSessions()).isEmpty();
    long t0 = System.currentTimeMillis();
    ProbeWorkflow.Result second = start(ProbeWorkflow.Plan.work(10)).get(30, TimeUnit.SECONDS);
    assertThat(second.worker()).isEqualTo(a.host().workerId());
    assertThat(System.currentTimeMillis() - t0).as("second session on the one slot, ms").isLessThan(2000);
  }

  @Test
  void aDrainedQueuesWorkflowsCompleteOnAnotherWorker() throws Exception {
    workflowOnlyWorker();
    InProcessWorker a = worker("a", 1);
    CompletableFuture<ProbeWorkflow.Result> result =
        start(ProbeWorkflow.Plan.work(10).idle(2500).heartbeatTimeout(120_000).rerouted(3));
    holderOf(List.of(a));
    TimeUnit.MILLISECONDS.sleep(500);
    a.kill(); // gone for good: only the drain tells the workflow, long before a 120 s heartbeat timeout
    InProcessWorker b = worker("b", 1);
    int drained = QueueDrainer.drain(temporal.newClient(), a.host().taskQueue(), Duration.ofSeconds(6));

    ProbeWorkflow.Result r = result.get(30, TimeUnit.SECONDS);
    assertThat(drained).isGreaterThanOrEqualTo(1);
    assertThat(r.attempts()).extracting(SessionAttempt::outcome).containsExactly("QueueDrained", "Completed");
    assertThat(r.worker()).isEqualTo(b.host().workerId());
  }

  @Test
  void tasksOnADrainedQueueFailAsQueueDrained() throws Exception {
    workflowOnlyWorker();
    InProcessWorker a = worker("a", 1);
    // A long session heartbeat timeout, so that only the drain can end this session quickly.
    CompletableFuture<ProbeWorkflow.Result> result =
        start(ProbeWorkflow.Plan.work(10).idle(2500).heartbeatTimeout(120_000));
    holderOf(List.of(a));
    TimeUnit.MILLISECONDS.sleep(500);
    a.kill();
    int drained = QueueDrainer.drain(temporal.newClient(), a.host().taskQueue(), Duration.ofSeconds(6));

    ProbeWorkflow.Result r = result.get(30, TimeUnit.SECONDS);
    assertThat(drained).isGreaterThanOrEqualTo(1);
    assertThat(r.failureReason()).isEqualTo("QueueDrained");
  }

  @Test
  void aDrainNeverRacesALiveWorkerOnItsQueue() throws Exception {
    InProcessWorker a = worker("a", 1);
    if (server == ServerUnderTest.EMBEDDED) {
      // The stand-in has no ListWorkers: nothing can be checked, and the drain runs on the caller's word.
      assertThat(QueueDrainer.liveWorker(temporal.client(), a.host().taskQueue())).isEmpty();
      return;
    }
    await().atMost(Duration.ofSeconds(10))
        .until(() -> QueueDrainer.liveWorker(temporal.client(), a.host().taskQueue()).isPresent());
    assertThatThrownBy(() -> QueueDrainer.drain(temporal.newClient(), a.host().taskQueue(), Duration.ofSeconds(1)))
        .isInstanceOf(QueueDrainer.LiveWorkerException.class).hasMessageContaining(a.host().workerId());

    a.kill();
    await().atMost(Duration.ofSeconds(15))
        .until(() -> QueueDrainer.liveWorker(temporal.client(), a.host().taskQueue()).isEmpty());
    assertThat(QueueDrainer.drain(temporal.newClient(), a.host().taskQueue(), Duration.ofSeconds(1))).isZero();
  }
}
