package dev.locus.session.replay;

import static org.assertj.core.api.Assertions.assertThat;

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
    try (Stream<Path> files = Files.list(HISTORIES)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
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
  void everyShapeOfTheFirstVersionIsRecorded() throws IOException {
    assertThat(histories()).extracting(p -> p.getFileName().toString()).contains(
        Stream.of(ShapesWorkflow.Shape.values()).map(s -> "v0-" + s.name().toLowerCase() + ".json").toArray(String[]::new));
  }
}
