package dev.locus.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.testing.LocalTemporal;
import dev.locus.testing.ServerUnderTest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
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

/** Each phase of a drain on its own, with a session open on the draining worker and another worker beside it. */
@ParameterizedClass(name = "{0}")
@EnumSource(ServerUnderTest.class)
class SessionDrainTest {
  @Parameter ServerUnderTest server;
  private LocalTemporal temporal;
  private String queue;
  private final List<InProcessWorker> workers = new ArrayList<>();
  private InProcessWorker a;
  private SessionDrain drain;
  private CompletableFuture<ProbeWorkflow.Result> first;

  @BeforeEach
  void setUp(TestInfo test) {
    temporal = new LocalTemporal(server);
    queue = "drain-" + test.getTestMethod().orElseThrow().getName();
    a = worker("a");
    first = start(ProbeWorkflow.Plan.work(50).idle(8000).rerouted(3));
    await().atMost(Duration.ofSeconds(20)).until(() -> !a.host().openSessions().isEmpty());
    drain = new SessionDrain(a.host(), false);
  }

  @AfterEach
  void tearDown() {
    workers.forEach(InProcessWorker::close);
    if (temporal != null) { // null where the server under test is not installed: the test was skipped
      temporal.close();
    }
  }

  private InProcessWorker worker(String id) {
    InProcessWorker w = InProcessWorker.probe(temporal, queue, queue + "-" + id, 1);
    workers.add(w);
    return w;
  }

  private CompletableFuture<ProbeWorkflow.Result> start(ProbeWorkflow.Plan plan) {
    ProbeWorkflow wf = temporal.client().newWorkflowStub(ProbeWorkflow.class, temporal.profile().apply(
        WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowExecutionTimeout(Duration.ofMinutes(2))).build());
    WorkflowClient.start(wf::run, plan);
    return WorkflowStub.fromTyped(wf).getResultAsync(ProbeWorkflow.Result.class);
  }

  @Test
  void stopTakingSendsNewSessionsElsewhereAndKeepsTheOpenOne() throws Exception {
    assertThat(drain.stopTaking()).as("sessions open when it stopped taking").isEqualTo(1);
    assertThat(drain.phase()).isEqualTo(SessionDrain.Phase.STOP_TAKING);
    a.host().releaseSession(a.host().openSessions().iterator().next()); // its slot is free, yet it takes nothing
    InProcessWorker b = worker("b");
    ProbeWorkflow.Result second = start(ProbeWorkflow.Plan.work(50)).get(60, TimeUnit.SECONDS);
    assertThat(second.worker()).isEqualTo(b.host().workerId());
  }

  @Test
  void aCordonedWorkerTakesNothingNewUntilUncordoned() throws Exception {
    a.host().cordon();
    a.host().releaseSession(a.host().openSessions().iterator().next()); // its slot is free, yet it takes nothing
    InProcessWorker b = worker("b");
    ProbeWorkflow.Result second = start(ProbeWorkflow.Plan.work(50)).get(60, TimeUnit.SECONDS);
    assertThat(second.worker()).isEqualTo(b.host().workerId());
    b.close();
    workers.remove(b);

    a.host().uncordon();
    ProbeWorkflow.Result third = start(ProbeWorkflow.Plan.work(50)).get(60, TimeUnit.SECONDS);
    assertThat(third.worker()).isEqualTo(a.host().workerId());
    assertThat(a.host().isCordoned()).isFalse();
  }

  @Test
  void awaitSessionsWaitsForTheOpenSessionUpToTheGrace() throws Exception {
    drain.stopTaking();
    long t0 = System.nanoTime();
    assertThat(drain.awaitSessions(Duration.ofMillis(700))).as("closed within 700 ms").isFalse();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(700);
    assertThat(drain.phase()).isEqualTo(SessionDrain.Phase.AWAIT_SESSIONS);
    assertThat(a.host().openSessions()).hasSize(1);
  }

  @Test
  void failRemainingMovesTheOpenSessionToAnotherWorkerAsWorkerDraining() throws Exception {
    worker("b");
    drain.stopTaking();
    assertThat(drain.failRemaining()).isEqualTo(1);
    assertThat(drain.phase()).isEqualTo(SessionDrain.Phase.FAIL_REMAINING);
    ProbeWorkflow.Result r = first.get(60, TimeUnit.SECONDS);
    assertThat(r.attempts()).extracting(SessionAttempt::outcome).containsExactly("WorkerDraining", "Completed");
  }

  @Test
  void settleWaitsForTheFailedSessionsToClose() throws Exception {
    drain.stopTaking();
    drain.failRemaining();
    drain.settle(1);
    assertThat(drain.phase()).isEqualTo(SessionDrain.Phase.SETTLE);
    assertThat(a.host().openSessions()).isEmpty();
  }
}
