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
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spec.autoscaling on the real API server with a real Temporal dev server and real workers: sessions waiting for a
 * slot scale the pool up to maxReplicas, a sawtooth load shorter than the scale-down window does not make it flap,
 * and an idle pool goes back to minReplicas once its window has passed.
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
         HttpFixture origin = new HttpFixture().slow("/input.bin", 20 << 20).slow("/short.bin", 3 << 20)) {
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
      try (InProcessPool workers = new InProcessPool(client, ns, "files", 3, tmp)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> client.pods().inNamespace(ns).withName("files-0").get() != null);
        workers.start(temporal.address(), 0, "--max-sessions", "1");
        workers.startWorkersForNewPods(temporal.address(), "--max-sessions", "1");
        // One worker with one slot, three sessions wanted: one open, two waiting on the lease queue.
        FileProcessingClient files = FileProcessingClient.forServer(WorkflowClient.newInstance(stubs),
            "file-processing-shared");
        List<CompletableFuture<FileProcessingResult>> results = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 3; i++) {
          files.start("burst-" + i, new FileProcessingRequest(origin.url("/input.bin"), null, "identity", null));
          results.add(files.result("burst-" + i));
        }
        // Each session downloads for about 30 s. The real server's task-queue stats may be 5 s old; the pool is
        // looked at when the census sees the slot taken and when the lease backlog is read, not at its period.
        await().atMost(Duration.ofSeconds(30)).until(() -> pool().getSpec().replicas == 3);
        System.out.printf("AUTOSCALE burst of 3 sessions on 1 slot -> replicas 3 after %.1f s%n",
            (System.nanoTime() - started) / 1e9);
        assertThat(client.v1().events().inNamespace(ns).list().getItems()).anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo(ConditionReason.AUTOSCALED);
          assertThat(e.getMessage()).contains("to 3 replicas");
        });

        // A sawtooth, from while the burst still runs: waves of 3 sessions of about 5 s with 5 s idle between them,
        // shorter than the 15 s scale-down window. The pool must not flap: it stays at 3 until the load has been gone
        // for a whole window.
        List<Integer> replicasSeen = new ArrayList<>();
        Set<String> ranOn = new TreeSet<>();
        for (int wave = 0; wave < 4; wave++) {
          List<CompletableFuture<FileProcessingResult>> waveResults = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            String id = "wave-" + wave + "-" + i;
            files.start(id, new FileProcessingRequest(origin.url("/short.bin"), null, "identity", null));
            waveResults.add(files.result(id));
          }
          for (CompletableFuture<FileProcessingResult> r : waveResults) {
            ranOn.add(r.get(2, TimeUnit.MINUTES).worker());
            replicasSeen.add(pool().getSpec().replicas);
          }
          Thread.sleep(5000);
          replicasSeen.add(pool().getSpec().replicas);
        }
        assertThat(replicasSeen).as("replicas during the sawtooth").containsOnly(3);
        assertThat(client.v1().events().inNamespace(ns).list().getItems())
            .filteredOn(e -> ConditionReason.AUTOSCALED.equals(e.getReason())).as("one scale-up, nothing else yet")
            .hasSize(1);
        for (CompletableFuture<FileProcessingResult> r : results) {
          ranOn.add(r.get(1, TimeUnit.MINUTES).worker());
        }
        assertThat(ranOn).as("the sessions ran on the workers the scale-up added too")
            .containsExactly("files-0", "files-1", "files-2");
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
