package dev.locus.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.files.FileProcessingRequest;
import dev.locus.testing.LocalTemporal;
import dev.locus.testing.ServerUnderTest;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueRequest;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FileProcessingClientTest {
  @ParameterizedTest(name = "{0}")
  @EnumSource(ServerUnderTest.class)
  void tellsWhichWorkerHeldAWorkflowTaskThatTimedOut(ServerUnderTest server) {
    try (LocalTemporal temporal = new LocalTemporal(server)) {
      String queue = "q-" + UUID.randomUUID();
      FileProcessingClient files = new FileProcessingClient(temporal.client(), queue, temporal.profile());
      files.start("held", FileProcessingRequest.of("http://127.0.0.1:1/input"));

      // A worker takes the workflow's task and dies with it: it never answers.
      PollWorkflowTaskQueueResponse task = temporal.client().getWorkflowServiceStubs().blockingStub()
          .pollWorkflowTaskQueue(PollWorkflowTaskQueueRequest.newBuilder()
              .setNamespace(TemporalSettings.DEFAULT_NAMESPACE).setIdentity("stopped-worker")
              .setTaskQueue(TaskQueue.newBuilder().setName(queue)).build());
      assertThat(task.getWorkflowExecution().getWorkflowId()).isEqualTo("held");
      assertThat(files.workflowTaskTimedOutOn("held", "stopped-worker")).isFalse();

      await().atMost(Duration.ofSeconds(30)).until(() -> files.workflowTaskTimedOutOn("held", "stopped-worker"));
      assertThat(files.workflowTaskTimedOutOn("held", "another-worker")).isFalse();
    }
  }
}
