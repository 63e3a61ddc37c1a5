package dev.locus.session.replay;

import dev.locus.session.DroppedLease;
import dev.locus.session.InProcessWorker;
import dev.locus.session.SessionFailed;
import dev.locus.session.SessionInterceptor;
import dev.locus.session.TaskQueues;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import dev.locus.testing.LocalTemporal;
import dev.locus.testing.ServerUnderTest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkflowImplementationOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test (its name keeps it out of the suite): records the histories {@link ReplayTest} replays, against the
 * real dev server, when run with
 * {@code mvn -pl workflows/sessions -am test -Dtest=HistoryRecorder -Dsurefire.failIfNoSpecifiedTests=false
 * -Dlocus.recordHistories=vN}, where vN names the library version whose shapes they are; with
 * {@code -Dlocus.recordShapes=SHAPE,...}, only those shapes.
 */
@EnabledIfSystemProperty(named = "locus.recordHistories", matches = "v[0-9]+")
class HistoryRecorder {
  @Test
  void record() throws Exception {
    String version = System.getProperty("locus.recordHistories");
    try (LocalTemporal temporal = new LocalTemporal(ServerUnderTest.TEMPORAL_CLI)) {
      String only = System.getProperty("locus.recordShapes", "");
      for (ShapesWorkflow.Shape shape : ShapesWorkflow.Shape.values()) {
        if (!only.isEmpty() && !List.of(only.split(",")).contains(shape.name())) {
          continue;
        }
        String queue = "shapes-" + shape.name().toLowerCase().replace('_', '-');
        boolean workerLater = shape == ShapesWorkflow.Shape.CREATION_TIMED_OUT
            || shape == ShapesWorkflow.Shape.PER_WORKER_LEASE_LOST;
        InProcessWorker a = workerLater ? null : worker(temporal, queue, "a");
        WorkerFactory wfOnly = WorkerFactory.newInstance(temporal.newClient(),
            WorkerFactoryOptions.newBuilder().setWorkerInterceptors(new SessionInterceptor()).build());
        if (a == null) {
          wfOnly.newWorker(queue).registerWorkflowImplementationTypes(ShapesWorkflowImpl.class);
          wfOnly.start();
        }
        ShapesWorkflow wf = temporal.client().newWorkflowStub(ShapesWorkflow.class, temporal.profile().apply(
            WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowId(queue)).build());
        WorkflowClient.start(wf::run, shape);
        InProcessWorker b = null;
        if (shape == ShapesWorkflow.Shape.PER_WORKER_LEASE_LOST) {
          DroppedLease.take(temporal, TaskQueues.leaseQueue(queue));
          a = worker(temporal, queue, "a");
        }
        if (shape == ShapesWorkflow.Shape.REROUTED) {
          while (a.host().openSessions().isEmpty()) {
            Thread.sleep(20);
          }
          Thread.sleep(1000);
          b = worker(temporal, queue, "b");
          a.drain(Duration.ZERO);
        }
        String result = WorkflowStub.fromTyped(wf).getResult(String.class);
        System.out.println(shape + " -> " + result);
        Path out = Path.of("src/test/resources/histories", version + "-" + shape.name().toLowerCase() + ".json");
        Files.writeString(out, temporal.client().fetchHistory(queue).toJson(true));
        for (InProcessWorker w : new InProcessWorker[] {a, b}) {
          if (w != null) {
            w.close();
          }
        }
        wfOnly.shutdownNow();
      }
    }
  }

  private static InProcessWorker worker(LocalTemporal temporal, String queue, String id) {
    return new InProcessWorker(temporal, queue, queue + "-" + id, 2, sw -> {
      sw.sharedQueueWorker().registerWorkflowImplementationTypes(
          WorkflowImplementationOptions.newBuilder().setFailWorkflowExceptionTypes(SessionFailed.class).build(),
          ShapesWorkflowImpl.class);
      sw.ownQueueWorker().registerActivitiesImplementations(new ShapesActivitiesImpl());
    });
  }
}
