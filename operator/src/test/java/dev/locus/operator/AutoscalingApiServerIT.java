package dev.locus.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.files.FileProcessingRequest;
import dev.locus.files.FileProcessingResult;
import dev.locus.operator.api.v1alpha1.AutoscalingSpec;
import dev.locus.operator.api.v1alpha1.ConditionReason;
import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.temporal.TemporalCliServer;
import dev.locus.testing.HttpFixture;
import dev.locus.testing.ServerUnderTest;
import dev.locus.worker.FileProcessingClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spec.autoscaling on the real API server with a real Temporal dev server and a real worker: sessions waiting for a
 * slot scale the pool up to maxReplicas, and an idle pool goes back to minReplicas once its window has passed.
 */
class AutoscalingApiServerIT {
  private KubernetesClient client;
  private String ns;
  @TempDir Path tmp;

  @BeforeEach
  void realApiServer() {
    ControlPlane controlPlane = ControlPlane.get();
    controlPlane.installCrd();
    client = controlPlane.admin();
    ns = controlPlane.namespace("autoscale");
  }

  private FileProcessingPool pool() {
    return client.resources(FileProcessingPool.class).inNamespace(ns).withName("files").get();
  }

  @Test
  void waitingSessionsScaleThePoolUpAndAnIdlePoolComesBackDown() throws Exception {
    ServerUnderTest.TEMPORAL_CLI.assumeAvailable();
    try (TemporalCliServer temporal = TemporalCliServer.start("127.0.0.1", 0, false, tmp.resolve("temporal.log"));
         HttpFixture origin = new HttpFixture().slow("/input.bin", 6 << 20)) {
      FileProcessingPool created = TestPools.onTemporal(ns, "files", 1, temporal.address());
      created.getSpec().maxConcurrentSessions = 1;
      created.getSpec().scaleDown.sessionTimeoutSeconds = 0;
      created.getSpec().autoscaling = new AutoscalingSpec();
      created.getSpec().autoscaling.minReplicas = 1;
      created.getSpec().autoscaling.maxReplicas = 3;
      created.getSpec().autoscaling.targetSessionUtilizationPercent = 100;
      created.getSpec().autoscaling.scaleDownStabilizationSeconds = 15;
      client.resource(created).create();
      Operator operator = LocusOperator.create(client, null, new SimpleMeterRegistry(), Set.of(ns));
      operator.start();
      WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.address()).build());
      try (InProcessPool workers = new InProcessPool(client, ns, "files", 1, tmp)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> client.pods().inNamespace(ns).withName("files-0").get() != null);
        workers.start(temporal.address(), 0, "--max-sessions", "1");
        // One worker with one slot, three sessions wanted: one open, two waiting on the lease queue.
        FileProcessingClient files = FileProcessingClient.forServer(WorkflowClient.newInstance(stubs),
            "file-processing-shared");
        List<CompletableFuture<FileProcessingResult>> results = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 3; i++) {
          files.start("burst-" + i, new FileProcessingRequest(origin.url("/input.bin"), null, "identity", null));
          results.add(files.result("burst-" + i));
        }
        // Each session downloads for about 10 s, one after another on the single slot.
        await().atMost(Duration.ofSeconds(25)).until(() -> pool().getSpec().replicas == 3);
        System.out.printf("AUTOSCALE burst of 3 sessions on 1 slot -> replicas 3 after %.1f s%n",
            (System.nanoTime() - started) / 1e9);
        assertThat(client.v1().events().inNamespace(ns).list().getItems()).anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo(ConditionReason.AUTOSCALED);
          assertThat(e.getMessage()).contains("to 3 replicas");
        });

        for (CompletableFuture<FileProcessingResult> r : results) {
          r.get(3, TimeUnit.MINUTES);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> pool().getSpec().replicas == 1);
        assertThat(client.v1().events().inNamespace(ns).list().getItems()).anySatisfy(e -> assertThat(e.getMessage())
            .contains("to 1 replicas: 0 session(s) open, 0 waiting"));
      } finally {
        stubs.shutdownNow();
        operator.stop();
      }
    }
  }
}
