package dev.locus.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.testing.LocalTemporal;
import dev.locus.testing.ServerUnderTest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the real server reports of a worker through its heartbeats: on its queues, with its open sessions. */
class WorkerHeartbeatsTest {
  @Test
  void aLiveWorkerWithItsOpenSessionIsSeenAndAKilledOneIsGoneSoonAfter() {
    try (LocalTemporal temporal = new LocalTemporal(ServerUnderTest.TEMPORAL_CLI);
         InProcessWorker worker = InProcessWorker.probe(temporal, "heartbeats", "heartbeats-a", 2)) {
      ProbeWorkflow wf = temporal.client().newWorkflowStub(ProbeWorkflow.class, temporal.profile().apply(
          WorkflowOptions.newBuilder().setTaskQueue("heartbeats")).build());
      WorkflowClient.start(wf::run, ProbeWorkflow.Plan.work(50).idle(20_000));
      await().atMost(Duration.ofSeconds(20)).until(() -> worker.host().openSessions().size() == 1);

      var stubs = temporal.client().getWorkflowServiceStubs();
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(WorkerHeartbeats.onQueue(stubs, "default",
          TaskQueues.leaseQueue("heartbeats"), id -> true)).singleElement().satisfies(h -> {
            assertThat(h.getWorkerIdentity()).isEqualTo("heartbeats-a");
            assertThat(h.getActivityTaskSlotsInfo().getCurrentUsedSlots()).as("open sessions").isEqualTo(1);
          }));
      assertThat(WorkerHeartbeats.onQueue(stubs, "default", TaskQueues.leaseQueue("heartbeats"),
          id -> id.startsWith("other-"))).as("filtered by identity").isEmpty();
      assertThat(QueueDrainer.liveWorker(temporal.client(), worker.host().taskQueue())).get().asString()
          .startsWith("heartbeats-a");

      worker.kill();
      await().atMost(Duration.ofSeconds(20)).until(
          () -> QueueDrainer.liveWorker(temporal.client(), worker.host().taskQueue()).isEmpty());
    }
  }
}
