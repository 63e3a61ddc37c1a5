package dev.locus.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.operator.api.v1alpha1.Condition;
import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.operator.api.v1alpha1.FileProcessingPoolSpec;
import dev.locus.operator.api.v1alpha1.TemporalConnectionSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator really running (JOSDK) against fabric8's mock API server in CRUD mode. The mock has no controllers,
 * so the test plays the StatefulSet and Job controllers: it creates and deletes pods and writes their status.
 */
@EnableKubernetesMockClient(crud = true)
class FileProcessingPoolOperatorTest {
  static final String NS = "files";
  private static final Duration WAIT = Duration.ofSeconds(20);
  KubernetesClient client;
  private Operator operator;
  private final io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

  @BeforeEach
  void startOperator() throws Exception {
    try (InputStream in = Files.newInputStream(CrdSchemaTest.CRD)) {
      client.resource(Serialization.unmarshal(in, CustomResourceDefinition.class)).create();
    }
    operator = LocusOperator.create(client, null, registry);
    operator.start();
  }

  @AfterEach
  void stopOperator() {
    operator.stop();
  }

  static FileProcessingPool pool(String name, int replicas) {
    FileProcessingPoolSpec spec = new FileProcessingPoolSpec();
    spec.replicas = replicas;
    spec.image = "registry.example.com/locus-worker:0.1.0";
    spec.temporal = new TemporalConnectionSpec();
    spec.temporal.address = "temporal-frontend.temporal:7233";
    spec.temporal.apiKeySecretRef = "temporal-api-key";
    return new FileProcessingPool(NS, name, spec);
  }

  private FileProcessingPool get(String name) {
    return client.resources(FileProcessingPool.class).inNamespace(NS).withName(name).get();
  }

  private StatefulSet sts(String name) {
    return client.apps().statefulSets().inNamespace(NS).withName(name).get();
  }

  private Set<Integer> drainJobOrdinals(String pool) {
    return client.batch().v1().jobs().inNamespace(NS).withLabel(PoolLabels.POOL, pool).list().getItems().stream()
        .map(j -> Integer.parseInt(j.getMetadata().getLabels().get(PoolLabels.ORDINAL)))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** What a StatefulSet controller would do: pods 0..n-1 exist, the rest are gone, status says so. */
  private void playStatefulSetController(String pool, int ready) {
    StatefulSet s = sts(pool);
    int n = s.getSpec().getReplicas();
    for (int i = 0; i < n; i++) {
      client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(pool + "-" + i)
          .withLabels(s.getSpec().getTemplate().getMetadata().getLabels()).endMetadata().build()).createOr(p -> p.update());
    }
    client.pods().inNamespace(NS).withLabel(PoolLabels.POOL, pool).list().getItems().stream()
        .filter(p -> Integer.parseInt(p.getMetadata().getName().substring(pool.length() + 1)) >= n)
        .forEach(p -> client.resource(p).delete());
    s.setStatus(new StatefulSetStatusBuilder().withReplicas(n).withReadyReplicas(Math.min(ready, n))
        .withUpdatedReplicas(n).withObservedGeneration(s.getMetadata().getGeneration()).build());
    client.apps().statefulSets().inNamespace(NS).resource(s).updateStatus();
  }

  private static String condition(FileProcessingPool p, String type) {
    return p.getStatus() == null ? null : p.getStatus().conditions.stream().filter(c -> c.type().equals(type))
        .map(c -> c.status() + "/" + c.reason()).findFirst().orElse(null);
  }

  @Test
  void aPoolBecomesAStatefulSetAHeadlessServiceAndABudget() {
    client.resource(pool("scan", 3)).create();

    await().atMost(WAIT).until(() -> sts("scan") != null);
    StatefulSet s = sts("scan");
    assertThat(s.getSpec().getReplicas()).isEqualTo(3);
    assertThat(s.getMetadata().getLabels()).containsEntry("locus.dev/pool", "scan")
        .containsEntry("app.kubernetes.io/managed-by", "locus-operator")
        .containsEntry("app.kubernetes.io/part-of", "locus").containsEntry("app.kubernetes.io/component", "worker")
        .containsEntry("app.kubernetes.io/instance", "scan").containsKey("app.kubernetes.io/name");
    var pod = s.getSpec().getTemplate().getSpec();
    var worker = pod.getContainers().get(0);
    Map<String, EnvVar> env = worker.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    assertThat(env.get("TEMPORAL_ADDRESS").getValue()).isEqualTo("temporal-frontend.temporal:7233");
    assertThat(env.get("TEMPORAL_API_KEY").getValueFrom().getSecretKeyRef().getName()).isEqualTo("temporal-api-key");
    assertThat(env.get("LOCUS_SHARED_QUEUE").getValue()).isEqualTo("file-processing-shared");
    assertThat(env.get("LOCUS_MAX_SESSIONS").getValue()).isEqualTo("2");
    assertThat(worker.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(worker.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(worker.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(worker.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(worker.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(20L + 15);
    assertThat(s.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage")
        .toString()).isEqualTo("10Gi");

    await().atMost(WAIT).until(() -> client.services().inNamespace(NS).withName("scan-workers").get() != null);
    Service svc = client.services().inNamespace(NS).withName("scan-workers").get();
    assertThat(svc.getSpec().getClusterIP()).isEqualTo("None");
    await().atMost(WAIT).until(() -> client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("scan")
        .get() != null);
    PodDisruptionBudget pdb = client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("scan").get();
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);

    await().atMost(WAIT).untilAsserted(() -> {
      FileProcessingPool p = get("scan");
      assertThat(p.getStatus().observedGeneration).isEqualTo(p.getMetadata().getGeneration());
      assertThat(p.getStatus().selector).contains("locus.dev/pool=scan");
      assertThat(p.getStatus().workerQueues).containsExactly("file-processing-shared-scan-0",
          "file-processing-shared-scan-1", "file-processing-shared-scan-2");
    });
  }

  @Test
  void editsReachTheStatefulSetAndStatusFollowsIt() {
    client.resource(pool("edit", 2)).create();
    await().atMost(WAIT).until(() -> sts("edit") != null);
    playStatefulSetController("edit", 1);
    await().atMost(WAIT).until(() -> "False/WorkersNotReady".equals(condition(get("edit"), Condition.READY)));

    editSpec("edit", p -> {
      p.getSpec().image = "registry.example.com/locus-worker:0.2.0";
      p.getSpec().drainGraceSeconds = 60;
      p.getSpec().maxConcurrentSessions = 4;
    });
    await().atMost(WAIT).untilAsserted(() -> {
      var pod = sts("edit").getSpec().getTemplate().getSpec();
      assertThat(pod.getContainers().get(0).getImage()).endsWith(":0.2.0");
      assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(75L);
      assertThat(pod.getContainers().get(0).getEnv()).contains(new EnvVar("LOCUS_MAX_SESSIONS", "4", null));
    });

    playStatefulSetController("edit", 2);
    await().atMost(WAIT).untilAsserted(() -> {
      FileProcessingPool p = get("edit");
      assertThat(condition(p, Condition.READY)).isEqualTo("True/AllWorkersReady");
      assertThat(condition(p, Condition.PROGRESSING)).isEqualTo("False/Stable");
      assertThat(condition(p, Condition.DEGRADED)).isEqualTo("False/AsExpected");
      assertThat(p.getStatus().readyReplicas).isEqualTo(2);
    });
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("AllWorkersReady"));
  }

  @Test
  void kubectlScaleGoesThroughTheScaleSubresource() {
    client.resource(pool("scaled", 1)).create();
    await().atMost(WAIT).until(() -> sts("scaled") != null);

    // kubectl scale fpp/scaled --replicas=4: GET then PUT .../fileprocessingpools/scaled/scale
    client.resources(FileProcessingPool.class).inNamespace(NS).withName("scaled").scale(4);

    await().atMost(WAIT).until(() -> sts("scaled").getSpec().getReplicas() == 4);
    assertThat(get("scaled").getSpec().replicas).isEqualTo(4);
  }

  @Test
  void scalingDownDrainsExactlyTheDepartedOrdinalsAndScalingUpRemovesTheirJobsFirst() {
    client.resource(pool("drain", 5)).create();
    await().atMost(WAIT).until(() -> sts("drain") != null);
    playStatefulSetController("drain", 5);
    await().atMost(WAIT).until(() -> get("drain").getStatus().ordinals.size() == 5);

    editSpec("drain", p -> {
      p.getSpec().replicas = 2;
    });
    await().atMost(WAIT).until(() -> sts("drain").getSpec().getReplicas() == 2);
    assertThat(drainJobOrdinals("drain")).as("no drain while pods 2-4 still run").isEmpty();
    playStatefulSetController("drain", 2);

    await().atMost(WAIT).until(() -> drainJobOrdinals("drain").equals(Set.of(2, 3, 4)));
    Job job = client.batch().v1().jobs().inNamespace(NS).withName("drain-drain-3").get();
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly("drain", "--queue", "file-processing-shared-drain-3", "--duration", "300s");
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isPositive();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isPositive();

    editSpec("drain", p -> {
      p.getSpec().replicas = 4;
    });
    await().atMost(WAIT).until(() -> drainJobOrdinals("drain").equals(Set.of(4)));
    await().atMost(WAIT).until(() -> sts("drain").getSpec().getReplicas() == 4);
  }

  @Test
  void aFinishedDrainIsForgottenAndAPodRestartIsNeverDrained() {
    client.resource(pool("restart", 3)).create();
    await().atMost(WAIT).until(() -> sts("restart") != null);
    playStatefulSetController("restart", 3);

    client.pods().inNamespace(NS).withName("restart-1").delete();
    await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
    playStatefulSetController("restart", 3);
    assertThat(drainJobOrdinals("restart")).isEmpty();

    editSpec("restart", p -> {
      p.getSpec().replicas = 2;
    });
    await().atMost(WAIT).until(() -> sts("restart").getSpec().getReplicas() == 2);
    playStatefulSetController("restart", 2);
    await().atMost(WAIT).until(() -> drainJobOrdinals("restart").equals(Set.of(2)));

    await().atMost(WAIT).untilAsserted(() -> assertThat(registry.get("locus.drain.jobs").tag("pool", "restart")
        .tag("state", "active").gauge().value()).isEqualTo(1));
    // The drain Job's pod finished, leaving its count in the termination message (as `locus drain` does).
    client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("restart-drain-2-x1")
        .withLabels(client.batch().v1().jobs().inNamespace(NS).withName("restart-drain-2").get().getSpec()
            .getTemplate().getMetadata().getLabels()).endMetadata()
        .withNewStatus().addNewContainerStatus().withName("drain").withNewState().withNewTerminated()
        .withExitCode(0).withMessage("drained=7").endTerminated().endState().endContainerStatus().endStatus()
        .build()).create();
    succeed("restart-drain-2");
    await().atMost(WAIT).untilAsserted(() -> assertThat(registry.get("locus.drained.tasks")
        .tag("pool", "restart").counter().count()).isEqualTo(7.0));
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(get("restart").getStatus().ordinals).containsExactly(0, 1);
      assertThat(drainJobOrdinals("restart")).isEmpty();
    });
  }

  @Test
  void deletingAPoolDrainsEveryQueueThenLetsGo() {
    client.resource(pool("gone", 2)).create();
    await().atMost(WAIT).until(() -> sts("gone") != null);
    playStatefulSetController("gone", 2);
    await().atMost(WAIT).until(() -> get("gone").getStatus().ordinals.size() == 2);

    client.resources(FileProcessingPool.class).inNamespace(NS).withName("gone").delete();
    await().atMost(WAIT).until(() -> sts("gone").getSpec().getReplicas() == 0);
    assertThat(get("gone")).as("held by the finalizer").isNotNull();
    playStatefulSetController("gone", 0);

    await().atMost(WAIT).until(() -> drainJobOrdinals("gone").equals(Set.of(0, 1)));
    assertThat(get("gone")).as("held until the drains finish").isNotNull();
    succeed("gone-drain-0");
    succeed("gone-drain-1");
    await().atMost(WAIT).until(() -> get("gone") == null);
  }

  @Test
  void anInvalidPoolIsDegradedWithAnEventAndOthersCarryOn() {
    FileProcessingPool bad = pool("bad", 1);
    bad.getSpec().maxConcurrentSessions = 0; // the mock does not enforce the schema; an older CRD might not either
    client.resource(bad).create();
    client.resource(pool("good", 1)).create();

    await().atMost(WAIT).until(() -> "True/InvalidSpec".equals(condition(get("bad"), Condition.DEGRADED)));
    assertThat(get("bad").getStatus().conditions).filteredOn(c -> c.type().equals(Condition.DEGRADED))
        .singleElement().satisfies(c -> assertThat(c.message()).contains("maxConcurrentSessions"));
    await().atMost(WAIT).until(() -> sts("good") != null);
    assertThat(sts("bad")).isNull();
    await().atMost(WAIT).untilAsserted(() -> assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo("InvalidSpec");
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getInvolvedObject().getName()).isEqualTo("bad");
        }));
  }

  /** Like kubectl edit: on a conflict with the operator's own writes, read again and retry. */
  private void editSpec(String name, java.util.function.Consumer<FileProcessingPool> change) {
    await().atMost(WAIT).ignoreException(io.fabric8.kubernetes.client.KubernetesClientException.class).until(() -> {
      client.resources(FileProcessingPool.class).inNamespace(NS).withName(name).edit(p -> {
        change.accept(p);
        return p;
      });
      return true;
    });
  }

  @Test
  void theBacklogTemporalReportsLandsInStatusAndAServerWithoutStatsIsNamed() throws Exception {
    try (var modern = new dev.locus.operator.metrics.FakeWorkflowService(true);
         var embedded = new dev.locus.operator.metrics.FakeWorkflowService(false)) {
      FileProcessingPool reported = pool("reported", 2);
      reported.getSpec().temporal.apiKeySecretRef = null;
      reported.getSpec().temporal.address = modern.address();
      reported.getSpec().sharedTaskQueue = "shared";
      FileProcessingPool silent = pool("silent", 1);
      silent.getSpec().temporal.apiKeySecretRef = null;
      silent.getSpec().temporal.address = embedded.address();
      client.resource(reported).create();
      client.resource(silent).create();

      // shared (workflow + activity) and shared-reported-0/1: backlog = length of each queue name
      long expected = 2L * "shared".length() + 2L * "shared-reported-0".length();
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
          assertThat(get("reported").getStatus().backlog).isEqualTo(expected));
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
        assertThat(get("silent").getStatus().backlog).isNull();
        assertThat(get("silent").getStatus().backlogUnavailable).contains("does not implement DescribeTaskQueue");
      });
    }
  }

  private void succeed(String jobName) {
    Job job = client.batch().v1().jobs().inNamespace(NS).withName(jobName).get();
    job.setStatus(new JobStatusBuilder().withSucceeded(1).build());
    client.batch().v1().jobs().inNamespace(NS).resource(job).updateStatus();
  }

}
