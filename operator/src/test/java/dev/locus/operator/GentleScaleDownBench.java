package dev.locus.operator;

import static org.awaitility.Awaitility.await;

import dev.locus.files.FileProcessingRequest;
import dev.locus.files.FileProcessingResult;
import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.temporal.TemporalCliServer;
import dev.locus.testing.HttpFixture;
import dev.locus.testing.ServerUnderTest;
import dev.locus.worker.FileProcessingClient;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Benchmark (bench/gentle-scale-down.sh, not part of mvn verify): a 4 -> 1 scale-down while every worker holds a
 * session with about 20 s of download left, gently (spec.scaleDown.sessionTimeoutSeconds 120) and as before (0: the
 * StatefulSet shrinks at once, the leaving workers drain with a 0 s grace and their sessions move). Real API server and
 * controllers, the Temporal CLI's dev server, real workers in this JVM ({@link InProcessPool} plays the kubelet).
 * Prints re-routed sessions, bytes downloaded again and times; asserts nothing timed.
 */
@Tag("bench")
class GentleScaleDownBench {
  private static final int INPUT = 16 << 20;
  @TempDir Path tmp;

  @ParameterizedTest(name = "sessionTimeoutSeconds={0}")
  @ValueSource(ints = {120, 0})
  void fourToOneWithSessionsOpen(int sessionTimeoutSeconds) throws Exception {
    ServerUnderTest.TEMPORAL_CLI.assumeAvailable();
    ControlPlane controlPlane = ControlPlane.get();
    controlPlane.installCrd();
    KubernetesClient client = controlPlane.admin();
    String ns = controlPlane.namespace("gentle-bench");
    try (TemporalCliServer temporal = TemporalCliServer.start("127.0.0.1", 0, false, tmp.resolve("temporal.log"));
         HttpFixture origin = new HttpFixture().slow("/input.bin", INPUT)) {
      FileProcessingPool created = TestPools.onTemporal(ns, "files", 4, temporal.address());
      created.getSpec().maxConcurrentSessions = 1;
      created.getSpec().scaleDown.sessionTimeoutSeconds = sessionTimeoutSeconds;
      client.resource(created).create();
      Operator operator = LocusOperator.create(client, null, new SimpleMeterRegistry(), Set.of(ns));
      operator.start();
      WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.address()).build());
      try (InProcessPool workers = new InProcessPool(client, ns, "files", 4, tmp)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> client.pods().inNamespace(ns).withName("files-3").get() != null);
        for (int ordinal = 0; ordinal < 4; ordinal++) {
          workers.start(temporal.address(), ordinal, "--max-sessions", "1");
        }
        FileProcessingClient files = FileProcessingClient.forServer(WorkflowClient.newInstance(stubs),
            "file-processing-shared");
        List<CompletableFuture<FileProcessingResult>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          files.start("bench-" + i, new FileProcessingRequest(origin.url("/input.bin"), null, "identity", null));
          results.add(files.result("bench-" + i));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> workers.everyWorkerHoldsASession(4));
        TimeUnit.SECONDS.sleep(5); // a quarter of each 26 s download done

        long scaledAt = System.nanoTime();
        client.resources(FileProcessingPool.class).inNamespace(ns).withName("files").scale(1);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
          StatefulSet sts = client.apps().statefulSets().inNamespace(ns).withName("files").get();
          return sts.getSpec().getReplicas() == 1;
        });
        double shrunkAfter = (System.nanoTime() - scaledAt) / 1e9;
        int reroutes = 0;
        for (CompletableFuture<FileProcessingResult> r : results) {
          reroutes += r.get(5, TimeUnit.MINUTES).attempts().size() - 1;
        }
        double doneAfter = (System.nanoTime() - scaledAt) / 1e9;
        long again = origin.bytesServed() - 4L * INPUT;
        System.out.printf("GENTLE sessionTimeoutSeconds=%d rerouted=%d/4 bytesDownloadedAgain=%d (%.2fx the inputs)"
                + " statefulSetShrunkAfter=%.1fs allWorkflowsDoneAfter=%.1fs%n", sessionTimeoutSeconds, reroutes, again,
            (double) origin.bytesServed() / (4L * INPUT), shrunkAfter, doneAfter);
      } finally {
        stubs.shutdownNow();
        operator.stop();
      }
    }
  }
}
