package dev.locus.session.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.session.RecordedHistories;
import dev.locus.session.SessionInterceptor;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Histories in flight survive a library upgrade: every recorded shape, written by this and earlier library versions,
 * replays without a non-determinism error on today's code.
 */
class ReplayTest {
  static final Path HISTORIES = Path.of("src/test/resources/histories");

  static List<Path> histories() throws IOException {
    return RecordedHistories.in(HISTORIES);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void replays(Path history) throws Exception {
    WorkflowExecutionHistory recorded = WorkflowExecutionHistory.fromJson(Files.readString(history));
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
        .setWorkerFactoryOptions(
            WorkerFactoryOptions.newBuilder().setWorkerInterceptors(new SessionInterceptor()).build())
        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().build())
        .build())) {
      Worker worker = env.newWorker("replay");
      worker.registerWorkflowImplementationTypes(ShapesWorkflowImpl.class);
      WorkflowReplayer.replayWorkflowExecution(recorded, worker);
    }
  }

  @org.junit.jupiter.api.Test
  void everyShapeIsRecordedByTheVersionThatIntroducedIt() throws IOException {
    List<String> recorded = histories().stream().map(p -> p.getFileName().toString()).toList();
    assertThat(recorded).contains(
        "v0-completed.json", "v0-work_failed.json", "v0-rerouted.json", "v0-creation_timed_out.json",
        "v4-per_worker.json", "v5-per_worker.json", "v5-per_worker_lease_lost.json");
    assertThat(Stream.of(ShapesWorkflow.Shape.values()).map(s -> "-" + s.name().toLowerCase() + ".json"))
        .allMatch(shape -> recorded.stream().anyMatch(f -> f.endsWith(shape)));
  }
}
