package dev.locus.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.testing.LocalTemporal;
import dev.locus.testing.ServerUnderTest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sessions that outlive a restart of their worker: the worker comes back under the same identity with the same state
 * folder, the session is taken back, and the work goes on from its first step not done. On both servers.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ServerUnderTest.class)
class SessionResumeTest {
  /** Runs of each step, by workflow id and step. */
  static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

  @Parameter ServerUnderTest server;
  @TempDir Path state;
  private LocalTemporal temporal;
  private String queue;
  private final List<Worker> workers = new ArrayList<>();

  /** One process of a worker: its client, its factory, its session host and its state folder. */
  private record Worker(WorkflowClient client, WorkerFactory factory, SessionHost host, Path stateDir) {
    void kill() {
      client.getWorkflowServiceStubs().shutdownNow();
      factory.shutdownNow();
    }

    /**
     * As kill -9: the process stops, and its state folder stays as it was (an in-process stop still runs the host's
     * cleanup, which a killed process never does).
     */
    void killHard() throws IOException {
      Map<Path, byte[]> files = new HashMap<>();
      try (var list = Files.list(stateDir)) {
        for (Path f : list.toList()) {
          files.put(f.getFileName(), Files.readAllBytes(f));
        }
      }
      kill();
      factory.awaitTermination(10, TimeUnit.SECONDS);
      try (var list = Files.list(stateDir)) {
        for (Path f : list.toList()) {
          Files.delete(f);
        }
      }
      for (Map.Entry<Path, byte[]> f : files.entrySet()) {
        Files.write(stateDir.resolve(f.getKey()), f.getValue());
      }
    }
  }

  private static final class StepsImpl implements ResumeWorkflow.Steps {
    private static int run(String key, String step) {
      return RUNS.computeIfAbsent(key + "/" + step, k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public String fetch(String key) {
      run(key, "fetch");
      return "fetched@" + SessionContext.current().workerId();
    }

    @Override
    public String work(String key, String fetched, long millis) {
      run(key, "work");
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      while (System.nanoTime() < end) {
        SessionContext.current().ensureOpen();
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return "worked(" + fetched + ")@" + SessionContext.current().workerId();
    }

    @Override
    public String publish(String key, String worked) {
      run(key, "publish");
      return "published@" + SessionContext.current().workerId();
    }
  }

  @BeforeEach
  void setUp(TestInfo test) {
    temporal = new LocalTemporal(server);
    queue = "resume-" + test.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void tearDown() {
    workers.forEach(Worker::kill);
    if (temporal != null) { // null where the server under test is not installed: the test was skipped
      temporal.close();
    }
  }

  /** A process of worker {@code id}, keeping its sessions in {@code <state>/<id>} for a minute across restarts. */
  private Worker start(String id) {
    SessionHost host = new SessionHost(queue, id, 1).keepSessionsAcrossRestarts(state.resolve(id),
        Duration.ofMinutes(1));
    WorkflowClient client = temporal.newClient();
    WorkerFactory factory = WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(host.interceptor()).build());
    factory.newWorker(queue, SessionWorker.workflowWorkerOptions(temporal.profile().stickyExecution()).build())
        .registerWorkflowImplementationTypes(WorkflowImplementationOptions.newBuilder()
            .setFailWorkflowExceptionTypes(SessionFailed.class).build(), ResumeWorkflowImpl.class);
    host.registerOn(factory).registerActivitiesImplementations(new StepsImpl());
    factory.start();
    Worker worker = new Worker(client, factory, host, state.resolve(id));
    workers.add(worker);
    return worker;
  }

  /** A worker of the workflows alone: no session host. */
  private WorkerFactory workflowsOnly() {
    WorkerFactory factory = WorkerFactory.newInstance(temporal.newClient(), WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(new SessionInterceptor()).build());
    factory.newWorker(queue, SessionWorker.workflowWorkerOptions(temporal.profile().stickyExecution()).build())
        .registerWorkflowImplementationTypes(WorkflowImplementationOptions.newBuilder()
            .setFailWorkflowExceptionTypes(SessionFailed.class).build(), ResumeWorkflowImpl.class);
    factory.start();
    return factory;
  }

  private CompletableFuture<ResumeWorkflow.Output> run(String id, long resumeWithinMs) {
    return run(id, resumeWithinMs, false);
  }

  private CompletableFuture<ResumeWorkflow.Output> run(String id, long resumeWithinMs, boolean perWorker) {
    ResumeWorkflow workflow = temporal.client().newWorkflowStub(ResumeWorkflow.class, temporal.profile()
        .apply(WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowId(id)
            .setWorkflowExecutionTimeout(Duration.ofMinutes(3))).build());
    WorkflowClient.start(workflow::run, new ResumeWorkflow.Input(resumeWithinMs, 4000, perWorker));
    return WorkflowStub.fromTyped(workflow).getResultAsync(ResumeWorkflow.Output.class);
  }

  private String id(String name) {
    return queue + "-" + name + "-" + System.nanoTime();
  }

  private static int runs(String id, String step) {
    AtomicInteger n = RUNS.get(id + "/" + step);
    return n == null ? 0 : n.get();
  }

  @Test
  void aWorkerKilledMidStepIsWaitedForAndTheWorkGoesOnFromItsFirstStepNotDone() throws Exception {
    Worker first = start("w");
    String id = id("killed");
    CompletableFuture<ResumeWorkflow.Output> result = run(id, 60_000);
    await().atMost(Duration.ofSeconds(30)).until(() -> runs(id, "work") == 1);
    first.killHard();
    TimeUnit.SECONDS.sleep(3); // longer than the 2 s heartbeat timeout: the session is lost meanwhile
    start("w");

    ResumeWorkflow.Output out = result.get(2, TimeUnit.MINUTES);
    assertThat(out.results()).containsExactly("fetched@w", "worked(fetched@w)@w", "published@w");
    assertThat(runs(id, "fetch")).as("the fetch is not run again").isEqualTo(1);
    assertThat(runs(id, "work")).as("the step the kill interrupted runs again").isEqualTo(2);
    assertThat(out.attempts()).extracting(SessionAttempt::outcome).containsExactly("WorkerLost", "Completed");
    assertThat(out.attempts()).extracting(SessionAttempt::sessionId).containsOnly(out.attempts().get(0).sessionId());
    assertThat(out.attempts().get(1).steps()).extracting(SessionStep::outcome)
        .containsExactly("Resumed", "Completed", "Completed");
  }

  @Test
  void aRestartingWorkerSuspendsItsSessionsAndResumesThem() throws Exception {
    Worker first = start("w");
    String id = id("restart");
    CompletableFuture<ResumeWorkflow.Output> result = run(id, 60_000);
    await().atMost(Duration.ofSeconds(30)).until(() -> runs(id, "work") == 1);
    assertThat(first.host().drainForRestart(Duration.ZERO).failed()).as("suspended").isEqualTo(1);
    first.kill();
    start("w");

    ResumeWorkflow.Output out = result.get(2, TimeUnit.MINUTES);
    assertThat(out.attempts()).extracting(SessionAttempt::outcome).containsExactly("WorkerRestarting", "Completed");
    assertThat(runs(id, "fetch")).isEqualTo(1);
    assertThat(out.results().get(2)).isEqualTo("published@w");
  }

  /**
   * The worker's process that is going away still polls its own queue, and can take the lease that asks for the
   * session back and never run it. Under per-worker liveness that lease heartbeats only as a 5-minute backstop: the
   * workflow gives it up after three heartbeat timeouts of silence and asks the worker again.
   */
  @Test
  void aResumeLeaseTakenByTheExitingProcessIsAskedForAgain() throws Exception {
    Worker first = start("w");
    String id = id("dropped");
    CompletableFuture<ResumeWorkflow.Output> result = run(id, 60_000, true);
    await().atMost(Duration.ofSeconds(30)).until(() -> runs(id, "work") == 1);
    WorkerFactory workflowsOnly = workflowsOnly(); // runs the workflow while no process of "w" is up
    assertThat(first.host().drainForRestart(Duration.ZERO).failed()).as("suspended").isEqualTo(1);
    first.kill();
    DroppedLease.take(temporal, first.host().taskQueue());
    start("w");
    workflowsOnly.shutdownNow();

    ResumeWorkflow.Output out = result.get(2, TimeUnit.MINUTES);
    assertThat(out.attempts()).extracting(SessionAttempt::outcome).containsExactly("WorkerRestarting", "Completed");
    assertThat(runs(id, "fetch")).as("resumed, not fetched again").isEqualTo(1);
    assertThat(out.attempts().get(1).endedAtMillis() - out.attempts().get(1).startedAtMillis())
        .as("ms from the restart to the end, not the 5-minute backstop").isLessThan(60_000);
  }

  @Test
  void aKeptSessionKeepsItsSlotFromANewSessionWaitingWhenTheWorkerComesBack() throws Exception {
    Worker first = start("w");
    String kept = id("kept");
    CompletableFuture<ResumeWorkflow.Output> keptResult = run(kept, 60_000);
    await().atMost(Duration.ofSeconds(30)).until(() -> runs(kept, "work") == 1);
    String waiting = id("waiting");
    CompletableFuture<ResumeWorkflow.Output> waitingResult = run(waiting, 60_000);
    assertThat(first.host().drainForRestart(Duration.ZERO).failed()).as("suspended").isEqualTo(1);
    first.kill();
    // The new session's lease waits on the shared queue before the kept one is asked for again on the own queue.
    start("w");
    await().atMost(Duration.ofSeconds(60)).until(() -> runs(kept, "work") == 2 || runs(waiting, "fetch") > 0);
    assertThat(runs(waiting, "fetch")).as("the kept session's slot is not given to the new one").isZero();

    ResumeWorkflow.Output out = keptResult.get(2, TimeUnit.MINUTES);
    assertThat(out.attempts()).extracting(SessionAttempt::outcome).containsExactly("WorkerRestarting", "Completed");
    assertThat(runs(kept, "fetch")).as("resumed, not fetched again").isEqualTo(1);
    assertThat(waitingResult.get(2, TimeUnit.MINUTES).results()).containsExactly("fetched@w",
        "worked(fetched@w)@w", "published@w");
  }

  @Test
  void aWorkerThatIsNotBackInTimeLosesTheSessionToAnother() throws Exception {
    Worker first = start("w");
    String id = id("gone");
    CompletableFuture<ResumeWorkflow.Output> result = run(id, 3000);
    await().atMost(Duration.ofSeconds(30)).until(() -> runs(id, "work") == 1);
    first.killHard();
    start("v");

    ResumeWorkflow.Output out = result.get(2, TimeUnit.MINUTES);
    assertThat(out.results()).containsExactly("fetched@v", "worked(fetched@v)@v", "published@v");
    assertThat(runs(id, "fetch")).as("fetched again on the other worker").isEqualTo(2);
    assertThat(out.attempts()).extracting(SessionAttempt::outcome).containsExactly("WorkerLost", "Completed");
  }

  @Test
  void aWorkerBackWithoutTheSessionsDataRunsTheWorkAfresh() throws Exception {
    Worker first = start("w");
    String id = id("wiped");
    CompletableFuture<ResumeWorkflow.Output> result = run(id, 60_000);
    await().atMost(Duration.ofSeconds(30)).until(() -> runs(id, "work") == 1);
    first.kill();
    try (var files = Files.list(state.resolve("w"))) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    start("w");

    ResumeWorkflow.Output out = result.get(2, TimeUnit.MINUTES);
    assertThat(runs(id, "fetch")).as("nothing kept: fetched again").isEqualTo(2);
    assertThat(out.results().get(2)).isEqualTo("published@w");
    assertThat(out.attempts().get(1).steps()).extracting(SessionStep::outcome).doesNotContain("Resumed");
  }

  @Test
  void withoutResumeTheWorkReRoutesAsBefore() throws Exception {
    Worker first = start("w");
    start("v");
    String id = id("off");
    CompletableFuture<ResumeWorkflow.Output> result = run(id, 0);
    await().atMost(Duration.ofSeconds(30)).until(() -> runs(id, "work") == 1);
    Worker holder = workers.stream().filter(w -> w.host().openSessions().size() == 1).findFirst().orElseThrow();
    holder.kill();

    ResumeWorkflow.Output out = result.get(2, TimeUnit.MINUTES);
    assertThat(runs(id, "fetch")).isEqualTo(2);
    assertThat(out.attempts()).extracting(SessionAttempt::workerId)
        .containsExactly(holder.host().workerId(), holder == first ? "v" : "w");
  }
}
