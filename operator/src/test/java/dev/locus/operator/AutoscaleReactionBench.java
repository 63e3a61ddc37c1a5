package dev.locus.operator;

import static org.awaitility.Awaitility.await;

import dev.locus.files.FileProcessingRequest;
import dev.locus.operator.api.v1alpha1.AutoscalingSpec;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Benchmark (bench/autoscale-reaction.sh, not part of mvn verify): the autoscaler's reaction to a burst. A pool of one
 * worker with one slot (minReplicas 1, maxReplicas 4, scale-up window 0) gets 4 long sessions at once; it measures
 * the time until spec.replicas is 4, and until every session is open on a worker of its own (the workers for the new
 * pods start as a kubelet would start them, {@link InProcessPool}). The goal: within 2 autoscale periods plus the
 * scale-up window. Real API server and controllers, the Temporal CLI's dev server. Prints; asserts nothing timed.
 */
@Tag("bench")
class AutoscaleReactionBench {
  private static final int BURST = 4;
  @TempDir Path tmp;

  @ParameterizedTest(name = "trial {0}")
  @ValueSource(ints = {1, 2, 3})
  void burst(int trial) throws Exception {
    ServerUnderTest.TEMPORAL_CLI.assumeAvailable();
    ControlPlane controlPlane = ControlPlane.get();
    controlPlane.installCrd();
    KubernetesClient client = controlPlane.admin();
    String ns = controlPlane.namespace("reaction-bench");
    try (TemporalCliServer temporal = TemporalCliServer.start("127.0.0.1", 0, false, tmp.resolve("temporal.log"));
         HttpFixture origin = new HttpFixture().slow("/input.bin", 32 << 20)) {
      FileProcessingPool created = TestPools.onTemporal(ns, "files", 1, temporal.address());
      created.getSpec().maxConcurrentSessions = 1;
      created.getSpec().scaleDown.sessionTimeoutSeconds = 0;
      created.getSpec().autoscaling = new AutoscalingSpec();
      created.getSpec().autoscaling.maxReplicas = BURST;
      created.getSpec().autoscaling.targetSessionUtilizationPercent = 100;
      client.resource(created).create();
      Operator operator = LocusOperator.create(client, null, new SimpleMeterRegistry(), Set.of(ns));
      operator.start();
      WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.address()).build());
      try (InProcessPool workers = new InProcessPool(client, ns, "files", BURST, tmp)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> client.pods().inNamespace(ns).withName("files-0").get() != null);
        workers.start(temporal.address(), 0, "--max-sessions", "1");
        workers.startWorkersForNewPods(temporal.address(), "--max-sessions", "1");
        TimeUnit.SECONDS.sleep(5); // the census has seen the idle worker
        FileProcessingClient files = FileProcessingClient.forServer(WorkflowClient.newInstance(stubs),
            "file-processing-shared");
        long started = System.nanoTime();
        for (int i = 0; i < BURST; i++) {
          files.start("burst-" + trial + "-" + i, new FileProcessingRequest(origin.url("/input.bin"), null, "identity",
              null));
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
            .until(() -> pool(client, ns).getSpec().replicas == BURST);
        double scaled = (System.nanoTime() - started) / 1e9;
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
            .until(() -> workers.everyWorkerHoldsASession(BURST));
        double running = (System.nanoTime() - started) / 1e9;
        double bound = 2 * PoolPlanner.AUTOSCALE_PERIOD.toSeconds() + created.getSpec().autoscaling
            .scaleUpStabilizationSeconds;
        System.out.printf("AUTOSCALE trial %d: burst of %d sessions on 1 slot -> replicas %d after %.1f s, every"
                + " session open after %.1f s; replicas ÷ (2 periods + window = %.0f s) = %.2f%n", trial, BURST, BURST,
            scaled, running, bound, scaled / bound);
      } finally {
        stubs.shutdownNow();
        operator.stop();
      }
    }
  }

  private static FileProcessingPool pool(KubernetesClient client, String ns) {
    return client.resources(FileProcessingPool.class).inNamespace(ns).withName("files").get();
  }
}
