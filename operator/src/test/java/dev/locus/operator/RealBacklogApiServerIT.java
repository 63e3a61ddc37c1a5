package dev.locus.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.files.FileProcessingRequest;
import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.session.TaskQueues;
import dev.locus.temporal.Ports;
import dev.locus.temporal.TemporalCliServer;
import dev.locus.testing.HttpFixture;
import dev.locus.testing.ServerUnderTest;
import dev.locus.worker.FileProcessingClient;
import dev.locus.worker.LocusWorker;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's DescribeTaskQueue reader on a real backlog of the real server (the CLI's dev server): sessions that
 * wait for a slot on the pool's lease queue, and tasks stranded on a departed worker's queue. The count and age reach
 * /metrics, the pool's status and its printer columns.
 */
class RealBacklogApiServerIT {
  private String ns;
  private static final String SHARED = "file-processing-shared";
  private KubernetesClient client;

  private ControlPlane controlPlane;

  @BeforeEach
  void realApiServer() {
    controlPlane = ControlPlane.get();
    controlPlane.installCrd();
    client = controlPlane.admin();
    ns = controlPlane.namespace("backlog");
  }
  @TempDir Path tmp;

  /** Schedules one activity on a queue and waits for it: what a session's step on a departed worker looks like. */
  @WorkflowInterface
  public interface StrandedStep {
    @WorkflowMethod
    void run(String queue);
  }

  public static class StrandedStepImpl implements StrandedStep {
    @Override
    public void run(String queue) {
      Workflow.newUntypedActivityStub(ActivityOptions.newBuilder().setTaskQueue(queue)
          .setScheduleToCloseTimeout(Duration.ofMinutes(10)).build()).execute("Process", Void.class);
    }
  }

  @Test
  void waitingSessionsAndAStrandedQueueShowInMetricsStatusAndPrinterColumns() throws Exception {
    ServerUnderTest.TEMPORAL_CLI.assumeAvailable();
    try (TemporalCliServer temporal = TemporalCliServer.start("127.0.0.1", 0, false, tmp.resolve("temporal.log"));
         HttpFixture slowOrigin = new HttpFixture().slow("/big.bin", 64 << 20)) {
      // files-0 is live with one session slot, held by a 100 s download: three more sessions wait on the lease queue.
      LocusWorker live = InProcessLocusWorker.start(temporal.address(), "files-0", Ports.free(),
          "--work-dir", tmp.resolve("files-0").toString(), "--pool", "files", "--max-sessions", "1");
      WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.address()).build());
      WorkerFactory strandedWorkflows = null;
      try {
        WorkflowClient temporalClient = WorkflowClient.newInstance(stubs);
        FileProcessingClient files = FileProcessingClient.forServer(temporalClient, SHARED);
        for (int i = 0; i < 4; i++) {
          files.start("waiting-" + i, new FileProcessingRequest(slowOrigin.url("/big.bin"), null, "identity", null));
        }
        // files-1 has left: two steps wait on its queue, which nobody polls.
        strandedWorkflows = WorkerFactory.newInstance(temporalClient);
        strandedWorkflows.newWorker("stranded").registerWorkflowImplementationTypes(StrandedStepImpl.class);
        strandedWorkflows.start();
        for (int i = 0; i < 2; i++) {
          WorkflowClient.start(temporalClient.newWorkflowStub(StrandedStep.class,
              WorkflowOptions.newBuilder().setWorkflowId("stranded-" + i).setTaskQueue("stranded").build())::run,
              SHARED + "-files-1");
        }

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Operator operator = LocusOperator.create(client, null, registry, java.util.Set.of(ns));
        operator.start();
        try {
          FileProcessingPool pool = TestPools.onTemporal(ns, "files", 2, temporal.address());
          client.resource(pool).create();

          String leases = "locus_task_queue_backlog{pool=\"files\",pool_namespace=\"" + ns
              + "\",queue=\"" + TaskQueues.leaseQueue(SHARED) + "\",task_queue_type=\"activity\"} ";
          String departed = "locus_task_queue_backlog{pool=\"files\",pool_namespace=\"" + ns
              + "\",queue=\"" + SHARED + "-files-1\",task_queue_type=\"activity\"} 2.0";
          java.util.regex.Pattern departedAge = java.util.regex.Pattern.compile(
              "locus_task_queue_backlog_age_seconds\\{pool=\"files\",[^}]*queue=\"" + SHARED
                  + "-files-1\",task_queue_type=\"activity\"} ([0-9.]+)");
          // The stranded steps have waited a second or more by the time a reading says so.
          await().atMost(Duration.ofSeconds(60)).until(() -> {
            String scrape = registry.scrape();
            var age = departedAge.matcher(scrape);
            return scrape.contains(departed) && scrape.contains(leases + "3.0") && age.find()
                && Double.parseDouble(age.group(1)) >= 1;
          });

          // Status is written on the next reconcile (every 30 s).
          await().atMost(Duration.ofSeconds(75)).until(() -> {
            FileProcessingPool p = client.resources(FileProcessingPool.class)
                .inNamespace(ns).withName("files").get();
            return p.getStatus() != null && p.getStatus().backlog != null && p.getStatus().backlog >= 5
                && p.getStatus().backlogAgeSeconds != null && p.getStatus().backlogAgeSeconds >= 1;
          });
          FileProcessingPool p = client.resources(FileProcessingPool.class)
              .inNamespace(ns).withName("files").get();
          assertThat(p.getStatus().backlogUnavailable).isNull();
          System.out.printf("REAL BACKLOG status.backlog=%d status.backlogAgeSeconds=%d%n", p.getStatus().backlog,
              p.getStatus().backlogAgeSeconds);
          // kubectl get fpp: the printer columns show it (Age, Desired, Backlog, Backlog-Age, Ready)
          assertThat(controlPlane.kubectl("-n", ns, "get", "fpp", "files"))
              .containsPattern("files\\s+\\S+\\s+2\\s+\\d+\\s+\\d+\\s");
        } finally {
          operator.stop();
        }
      } finally {
        if (strandedWorkflows != null) {
          strandedWorkflows.shutdownNow();
        }
        live.stop();
        stubs.shutdownNow();
      }
    }
  }
}
