package dev.locus.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Presence watches in flight survive a library upgrade: each recorded watch of a lost worker, written by this and
 * earlier library versions, replays without a non-determinism error on today's code.
 */
class PresenceReplayTest {
  static final Path HISTORIES = Path.of("src/test/resources/histories/presence");

  static List<Path> histories() throws IOException {
    return RecordedHistories.in(HISTORIES);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void replays(Path history) throws Exception {
    WorkflowExecutionHistory recorded = WorkflowExecutionHistory.fromJson(Files.readString(history));
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("replay");
      worker.registerWorkflowImplementationFactory(WorkerPresenceWorkflow.class, WorkerPresenceWorkflowImpl::new);
      WorkflowReplayer.replayWorkflowExecution(recorded, worker);
    }
  }

  @Test
  void eachWayOfWatchingIsRecordedByTheVersionThatIntroducedIt() throws IOException {
    assertThat(histories().stream().map(p -> p.getFileName().toString()))
        .contains("v5-lost.json", "v6-lost.json", "v6-probed_lost.json");
  }
}
