package dev.locus.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.files.FileProcessingRequest;
import dev.locus.files.FileProcessingResult;
import dev.locus.operator.api.v1alpha1.Condition;
import dev.locus.operator.api.v1alpha1.ConditionReason;
import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.session.SessionAttempt;
import dev.locus.temporal.TemporalCliServer;
import dev.locus.testing.HttpFixture;
import dev.locus.testing.ServerUnderTest;
import dev.locus.worker.FileProcessingClient;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
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
 * A scale-down while sessions are open, on the real API server and controllers and a real Temporal dev server with
 * real workers: the leaving worker is cordoned and kept until its session finishes, so nothing is re-routed.
 *
 * <p>The workers run in this JVM, not in the pods: {@link InProcessPool} does for them what the kubelet does.
 */
class GentleScaleDownApiServerIT {
  private KubernetesClient client;
  private String ns;
  @TempDir Path tmp;

  @BeforeEach
  void realApiServer() {
    ControlPlane controlPlane = ControlPlane.get();
    controlPlane.installCrd();
    client = controlPlane.admin();
    ns = controlPlane.namespace("gentle");
  }

  private FileProcessingPool pool() {
    return client.resources(FileProcessingPool.class).inNamespace(ns).withName("files").get();
  }

  private Integer statefulSetReplicas() {
    StatefulSet sts = client.apps().statefulSets().inNamespace(ns).withName("files").get();
    return sts == null ? null : sts.getSpec().getReplicas();
  }

  @Test
  void aScaleDownWaitsForTheLeavingWorkersSessionAndReroutesNothing() throws Exception {
    ServerUnderTest.TEMPORAL_CLI.assumeAvailable();
    try (TemporalCliServer temporal = TemporalCliServer.start("127.0.0.1", 0, false, tmp.resolve("temporal.log"));
         HttpFixture origin = new HttpFixture().slow("/input.bin", 8 << 20)) {
      FileProcessingPool created = TestPools.onTemporal(ns, "files", 2, temporal.address());
      created.getSpec().maxConcurrentSessions = 1;
      created.getSpec().scaleDown.sessionTimeoutSeconds = 120;
      client.resource(created).create();

      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      Operator operator = LocusOperator.create(client, null, registry, Set.of(ns));
      operator.start();
      InProcessPool workers = new InProcessPool(client, ns, "files", 2, tmp);
      WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.address()).build());
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> client.pods().inNamespace(ns).withName("files-1").get() != null);
        for (int ordinal = 0; ordinal < 2; ordinal++) {
          workers.start(temporal.address(), ordinal, "--max-sessions", "1");
        }
        // One 8 MiB download at 640 KiB/s (about 13 s) on each worker.
        FileProcessingClient files = FileProcessingClient.forServer(WorkflowClient.newInstance(stubs),
            "file-processing-shared");
        List<CompletableFuture<FileProcessingResult>> results = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          files.start("gentle-" + i, new FileProcessingRequest(origin.url("/input.bin"), null, "identity", null));
          results.add(files.result("gentle-" + i));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(tmp.resolve("files-0").resolve("sessions"))
            && Files.exists(tmp.resolve("files-1").resolve("sessions")) && sessionFolders("files-0") == 1
            && sessionFolders("files-1") == 1);

        client.resources(FileProcessingPool.class).inNamespace(ns).withName("files").scale(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
          FileProcessingPool p = pool();
          return p.getStatus() != null && p.getStatus().scaleDown != null && p.getStatus().conditions.stream()
              .anyMatch(c -> c.type().equals(Condition.PROGRESSING)
                  && c.reason().equals(ConditionReason.WAITING_FOR_SESSIONS));
        });
        assertThat(client.pods().inNamespace(ns).withName("files-1").get().getMetadata().getAnnotations())
            .containsEntry(PoolLabels.CORDON, "true");
        // Heartbeats come every 2 s: the count catches up with the session a moment later.
        await().atMost(Duration.ofSeconds(10)).until(() -> pool().getStatus().scaleDown != null
            && Integer.valueOf(1).equals(pool().getStatus().scaleDown.sessionsLeft));
        assertThat(statefulSetReplicas()).as("the leaving worker stays while its session is open").isEqualTo(2);

        List<FileProcessingResult> done = new ArrayList<>();
        for (CompletableFuture<FileProcessingResult> r : results) {
          done.add(r.get(90, TimeUnit.SECONDS));
        }
        assertThat(done).allSatisfy(r -> assertThat(r.attempts()).extracting(SessionAttempt::outcome)
            .as("one attempt, nothing re-routed").containsExactly("Completed"));
        assertThat(done).extracting(FileProcessingResult::worker).containsExactlyInAnyOrder("files-0", "files-1");

        await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(1).equals(statefulSetReplicas()));
        await().atMost(Duration.ofSeconds(30)).until(() -> pool().getStatus().scaleDown == null);
        await().atMost(Duration.ofSeconds(30)).until(() -> client.batch().v1().jobs().inNamespace(ns)
            .withName("files-drain-1").get() != null);
      } finally {
        workers.close();
        stubs.shutdownNow();
        operator.stop();
      }
    }
  }

  private long sessionFolders(String worker) throws java.io.IOException {
    try (var folders = Files.list(tmp.resolve(worker).resolve("sessions"))) {
      return folders.count();
    }
  }
}
