package dev.locus.examples.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example on Temporal's in-memory test server, in real time, with two workers in this JVM. */
class InferenceWorkflowTest {
  private static final int MODEL_MB = 16;
  private TestWorkflowEnvironment env;
  private final List<InferenceWorker> workers = new ArrayList<>();

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    for (String id : List.of("gpu-a", "gpu-b")) {
      workers.add(new InferenceWorker(env.getWorkflowClient(),
          WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build(), id, 2, MODEL_MB)
          .start());
    }
  }

  @AfterEach
  void tearDown() {
    workers.forEach(InferenceWorker::kill);
    env.close();
  }

  private CompletableFuture<InferenceWorkflow.Result> start(String id, InferenceWorkflow.Request request) {
    InferenceWorkflow workflow = env.getWorkflowClient().newWorkflowStub(InferenceWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(InferenceWorker.QUEUE).setWorkflowId(id)
            .setWorkflowTaskTimeout(Duration.ofSeconds(2)).build());
    WorkflowClient.start(workflow::infer, request);
    return WorkflowStub.fromTyped(workflow).getResultAsync(InferenceWorkflow.Result.class);
  }

  private int loads() {
    return workers.stream().mapToInt(w -> w.activities().loads()).sum();
  }

  @Test
  void theModelIsLoadedOnceAndEveryInferenceRunsWhereItIs() throws Exception {
    List<String> inputs = IntStream.range(0, 20).mapToObj(i -> "review " + i).toList();
    InferenceWorkflow.Result result = start("once", new InferenceWorkflow.Request("sentiment-v3", inputs))
        .get(60, TimeUnit.SECONDS);

    assertEquals(1, loads(), "model loads for one workflow of 20 inferences");
    assertEquals(1, result.sessions());
    Model reference = Model.load("sentiment-v3", MODEL_MB);
    for (int i = 0; i < inputs.size(); i++) {
      Prediction p = result.predictions().get(i);
      assertEquals(inputs.get(i), p.input());
      assertEquals(reference.predict(inputs.get(i)), p.score(), 0.0);
      assertEquals(result.predictions().get(0).workerId(), p.workerId(), "every inference on the model's worker");
    }
  }

  @Test
  void aLostWorkersWorkflowLoadsTheModelAgainElsewhereAndFinishes() throws Exception {
    List<String> inputs = IntStream.range(0, 400).mapToObj(i -> "frame " + i).toList();
    CompletableFuture<InferenceWorkflow.Result> result =
        start("lost", new InferenceWorkflow.Request("detector-v1", inputs));
    InferenceWorker holder = awaitHolder();
    holder.kill();

    InferenceWorkflow.Result done = result.get(90, TimeUnit.SECONDS);
    // At least 2: the in-memory server can still hand a lease to a poll the killed worker had open, and that session
    // is lost too, before any model is loaded in it.
    assertTrue(done.sessions() >= 2, "the first session was lost with its worker: " + done.sessions());
    assertEquals(inputs.size(), done.predictions().size());
    String survivor = done.predictions().get(0).workerId();
    assertNotEquals(holder.sessions().workerId(), survivor);
    assertTrue(done.predictions().stream().allMatch(p -> p.workerId().equals(survivor)));
    assertEquals(2, loads(), "one load on the lost worker, one on the survivor");
  }

  @Test
  void aRestartedWorkerResumesItsSessionWithoutRunningDoneInferencesAgain(@TempDir Path stateDir) throws Exception {
    workers.forEach(InferenceWorker::kill);
    workers.clear();
    for (String id : List.of("gpu-a", "gpu-b")) {
      workers.add(worker(id, stateDir.resolve(id)));
    }
    List<String> inputs = IntStream.range(0, 400).mapToObj(i -> "frame " + i).toList();
    CompletableFuture<InferenceWorkflow.Result> result = start("resumed",
        new InferenceWorkflow.Request("detector-v1", inputs, Duration.ofMinutes(1).toMillis()));
    InferenceWorker holder = awaitHolder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (holder.activities().inferences() < 50 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(5);
    }
    holder.drainForRestart();
    holder.kill();
    int doneBefore = holder.activities().inferences();
    String id = holder.sessions().workerId();
    InferenceWorker again = worker(id, stateDir.resolve(id));
    workers.add(again);

    InferenceWorkflow.Result done = result.get(90, TimeUnit.SECONDS);
    assertEquals(inputs.size(), done.predictions().size());
    assertTrue(done.predictions().stream().allMatch(p -> p.workerId().equals(id)), "every inference on " + id);
    assertEquals(1, again.activities().loads(), "the restarted worker loads the model once");
    assertTrue(doneBefore + again.activities().inferences() <= inputs.size() + 1,
        "inferences done before the restart are not run again: " + doneBefore + " + "
            + again.activities().inferences());
    Model reference = Model.load("detector-v1", MODEL_MB);
    for (int i = 0; i < inputs.size(); i += 37) {
      assertEquals(reference.predict(inputs.get(i)), done.predictions().get(i).score(), 0.0);
    }
  }

  private InferenceWorker worker(String id, Path stateDir) {
    return new InferenceWorker(env.getWorkflowClient(),
        WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO).build(), id, 2, MODEL_MB,
        stateDir).start();
  }

  private InferenceWorker awaitHolder() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      for (InferenceWorker w : workers) {
        if (w.activities().loads() > 0) {
          return w;
        }
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
    throw new AssertionError("no worker loaded the model within 30 s");
  }
}
