package dev.locus.bench;

import dev.locus.demo.ServerChoice;
import dev.locus.examples.ml.InferenceWorker;
import dev.locus.examples.ml.InferenceWorkflow;
import dev.locus.examples.ml.Model;
import dev.locus.session.SessionWorker;
import dev.locus.temporal.DevServer;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * The seeds' ML case (examples/ml-inference): a workflow of N inferences with a model loaded once per session, against
 * the same N inferences as plain activities on the shared queue, where no activity can count on a model another one
 * loaded, so each loads it. Same workers, same model, side by side: model loads per workflow and wall time.
 */
public final class MlInferenceBench {
  private static final int WORKERS = 2;
  private static final int WORKFLOWS = 4;
  private static final int INFERENCES = 20;
  private static final int MODEL_MB = 64;
  private static final String MODEL = "sentiment-v3";

  /** The alternative without sessions. */
  @WorkflowInterface
  public interface StatelessInferenceWorkflow {
    @WorkflowMethod
    List<Double> infer(List<String> inputs);
  }

  @ActivityInterface
  public interface StatelessInference {
    @ActivityMethod(name = "LoadAndInfer")
    double loadAndInfer(String modelId, String input);
  }

  public static class StatelessInferenceWorkflowImpl implements StatelessInferenceWorkflow {
    @Override
    public List<Double> infer(List<String> inputs) {
      StatelessInference model = Workflow.newActivityStub(StatelessInference.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(10)).build());
      List<Double> scores = new ArrayList<>();
      for (String input : inputs) {
        scores.add(model.loadAndInfer(MODEL, input));
      }
      return scores;
    }
  }

  public static void main(String[] args) throws Exception {
    BenchServers.each(MlInferenceBench::run);
  }

  private static void run(ServerChoice server) throws Exception {
    Path dir = Files.createTempDirectory("ml-bench");
    try (DevServer temporal = server.start("127.0.0.1", 0, false, dir.resolve("temporal.log"))) {
      WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.address()).build());
      WorkflowClient client = WorkflowClient.newInstance(stubs);
      WorkerOptions workflowOptions = SessionWorker.workflowWorkerOptions(temporal.profile().stickyExecution()).build();
      List<InferenceWorker> workers = new ArrayList<>();
      AtomicInteger statelessLoads = new AtomicInteger();
      List<WorkerFactory> stateless = new ArrayList<>();
      for (int i = 0; i < WORKERS; i++) {
        workers.add(new InferenceWorker(client, workflowOptions, "gpu-" + i, 2, MODEL_MB).start());
        WorkerFactory factory = WorkerFactory.newInstance(client);
        var worker = factory.newWorker("ml-stateless", WorkerOptions.newBuilder(workflowOptions)
            .setMaxConcurrentActivityExecutionSize(2).build());
        worker.registerWorkflowImplementationTypes(StatelessInferenceWorkflowImpl.class);
        worker.registerActivitiesImplementations((StatelessInference) (modelId, input) -> {
          statelessLoads.incrementAndGet();
          return Model.load(modelId, MODEL_MB).predict(input);
        });
        factory.start();
        stateless.add(factory);
      }
      try {
        List<String> inputs = IntStream.range(0, INFERENCES).mapToObj(i -> "review " + i).toList();
        runSessions(client, temporal, inputs, "warmup");
        int loadsBefore = workers.stream().mapToInt(w -> w.activities().loads()).sum();
        long sessionsMs = runSessions(client, temporal, inputs, "run");
        int sessionLoads = workers.stream().mapToInt(w -> w.activities().loads()).sum() - loadsBefore;
        long statelessMs = runStateless(client, temporal, inputs);

        double perSession = (double) sessionLoads / WORKFLOWS;
        double perStateless = (double) statelessLoads.get() / WORKFLOWS;
        System.out.printf("%d workflows x %d inferences, %d MiB model, %d workers x 2 slots%n",
            WORKFLOWS, INFERENCES, MODEL_MB, WORKERS);
        System.out.printf("with sessions:    %.2f model loads per workflow, %d ms%n", perSession, sessionsMs);
        System.out.printf("without sessions: %.2f model loads per workflow, %d ms%n", perStateless, statelessMs);
        System.out.printf(BenchServers.ratio(server) + "model loads per workflow, sessions vs none: %.2f vs %.2f%n",
            perSession, perStateless);
        System.out.printf(BenchServers.ratio(server) + "wall time, sessions / none: %.2f%n",
            (double) sessionsMs / statelessMs);
      } finally {
        workers.forEach(InferenceWorker::kill);
        stateless.forEach(WorkerFactory::shutdownNow);
        stubs.shutdownNow();
      }
    }
  }

  private static long runSessions(WorkflowClient client, DevServer temporal, List<String> inputs, String tag)
      throws Exception {
    long start = System.nanoTime();
    List<CompletableFuture<InferenceWorkflow.Result>> runs = new ArrayList<>();
    for (int i = 0; i < WORKFLOWS; i++) {
      InferenceWorkflow wf = client.newWorkflowStub(InferenceWorkflow.class, temporal.profile().apply(
          WorkflowOptions.newBuilder().setTaskQueue(InferenceWorker.QUEUE).setWorkflowId("ml-" + tag + "-" + i))
          .build());
      WorkflowClient.start(wf::infer, new InferenceWorkflow.Request(MODEL, inputs));
      runs.add(WorkflowStub.fromTyped(wf).getResultAsync(InferenceWorkflow.Result.class));
    }
    for (var r : runs) {
      r.get(10, TimeUnit.MINUTES);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static long runStateless(WorkflowClient client, DevServer temporal, List<String> inputs) throws Exception {
    long start = System.nanoTime();
    List<CompletableFuture<?>> runs = new ArrayList<>();
    for (int i = 0; i < WORKFLOWS; i++) {
      StatelessInferenceWorkflow wf = client.newWorkflowStub(StatelessInferenceWorkflow.class,
          temporal.profile().apply(WorkflowOptions.newBuilder().setTaskQueue("ml-stateless")
              .setWorkflowId("ml-stateless-" + i)).build());
      WorkflowClient.start(wf::infer, inputs);
      runs.add(WorkflowStub.fromTyped(wf).getResultAsync(List.class));
    }
    for (var r : runs) {
      r.get(10, TimeUnit.MINUTES);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }
}
