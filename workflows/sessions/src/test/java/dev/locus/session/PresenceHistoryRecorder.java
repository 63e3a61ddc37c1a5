package dev.locus.session;

import dev.locus.testing.LocalTemporal;
import dev.locus.testing.ServerUnderTest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test (its name keeps it out of the suite): records the presence watch histories {@link PresenceReplayTest}
 * replays, against the real dev server, when run with
 * {@code mvn -pl workflows/sessions -am test -Dtest=PresenceHistoryRecorder -Dsurefire.failIfNoSpecifiedTests=false
 * -Dlocus.recordPresence=vN}: a worker lost with one session, its presence heartbeating ({@code vN-lost.json}) and,
 * from 0.6 on, probed by another worker ({@code vN-probed_lost.json}).
 */
@EnabledIfSystemProperty(named = "locus.recordPresence", matches = "v[0-9]+")
class PresenceHistoryRecorder {
  @Test
  void record() throws Exception {
    String version = System.getProperty("locus.recordPresence");
    try (LocalTemporal temporal = new LocalTemporal(ServerUnderTest.TEMPORAL_CLI)) {
      recordLoss(temporal, version + "-lost", null);
      recordLoss(temporal, version + "-probed_lost", InProcessWorker.ANSWERING);
    }
  }

  private static void recordLoss(LocalTemporal temporal, String name, java.net.URI probedAt) throws Exception {
    String queue = "presence-" + name.replace('_', '-');
    try (InProcessWorker watcher = InProcessWorker.probe(temporal, queue, queue + "-watcher", 1, probedAt);
        InProcessWorker a = InProcessWorker.probe(temporal, queue, queue + "-a", 1, probedAt)) {
      watcher.host().cordon();
      ProbeWorkflow wf = temporal.client().newWorkflowStub(ProbeWorkflow.class, temporal.profile().apply(
          WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowExecutionTimeout(Duration.ofMinutes(5))).build());
      WorkflowClient.start(wf::run, ProbeWorkflow.Plan.work(50).idle(120_000).perWorkerLiveness());
      while (a.host().openSessions().isEmpty()) {
        TimeUnit.MILLISECONDS.sleep(20);
      }
      TimeUnit.SECONDS.sleep(2);
      a.kill();
      ProbeWorkflow.Result r = WorkflowStub.fromTyped(wf).getResult(60, TimeUnit.SECONDS, ProbeWorkflow.Result.class);
      System.out.println(name + " -> " + r.failureReason());
      String watch = WorkerPresence.workflowId(a.host().taskQueue(), SessionOptions.DEFAULT_HEARTBEAT_TIMEOUT);
      temporal.client().newUntypedWorkflowStub(watch).getResult(60, TimeUnit.SECONDS, Void.class);
      Files.writeString(Path.of("src/test/resources/histories/presence", name + ".json"),
          temporal.client().fetchHistory(watch).toJson(true));
    }
  }
}
