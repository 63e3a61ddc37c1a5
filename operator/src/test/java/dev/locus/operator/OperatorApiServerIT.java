package dev.locus.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.locus.operator.api.v1alpha1.Condition;
import dev.locus.operator.api.v1alpha1.ConditionReason;
import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator against the real control plane: kube-apiserver enforcing the CRD's schema, server-side apply (JOSDK's
 * default), the real StatefulSet, Job and garbage-collection controllers, and RBAC. The operator acts as the chart's
 * ServiceAccount with exactly the chart's ClusterRole, and with leader election on, as it runs in a cluster; every
 * request it makes is in the API server's audit log, and a refused one fails the test.
 */
class OperatorApiServerIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static ControlPlane controlPlane;
  private static KubernetesClient admin;
  private static KubernetesClient asOperator;
  private static Operator operator;
  private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private String ns;
  private TestKubelet kubelet;

  @BeforeAll
  static void startOperator() {
    controlPlane = ControlPlane.get();
    controlPlane.installCrd();
    controlPlane.apply(LocusChart.rbac(Map.of()));
    admin = controlPlane.admin();
    asOperator = controlPlane.as(LocusChart.operatorAccount());
    operator = LocusOperator.create(asOperator, LeaderElectionConfigurationBuilder
        .aLeaderElectionConfiguration("locus-operator-leader").withLeaseNamespace(LocusChart.RELEASE_NAMESPACE)
        .withExitOnStopLeading(false).build(), registry, Set.of());
    operator.start();
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.stop();
    }
  }

  @BeforeEach
  void namespace() {
    ns = controlPlane.namespace("pools");
    kubelet = new TestKubelet(admin, ns);
  }

  @AfterEach
  void nothingTheOperatorDidWasForbidden() {
    kubelet.close();
    assertThat(controlPlane.requestsBy(LocusChart.operatorAccount()))
        .as("requests the API server refused the operator's ServiceAccount")
        .filteredOn(r -> r.code() == 403).extracting(ControlPlane.Request::describe).isEmpty();
  }

  private FileProcessingPool get(String name) {
    return admin.resources(FileProcessingPool.class).inNamespace(ns).withName(name).get();
  }

  private StatefulSet sts(String name) {
    return admin.apps().statefulSets().inNamespace(ns).withName(name).get();
  }

  private Set<Integer> podOrdinals(String pool) {
    return admin.pods().inNamespace(ns).withLabel(PoolLabels.POOL, pool)
        .withLabel(PoolLabels.COMPONENT, PoolLabels.WORKER).list().getItems().stream()
        .map(p -> Integer.parseInt(p.getMetadata().getName().substring(pool.length() + 1)))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private Set<Integer> drainJobOrdinals(String pool) {
    return admin.batch().v1().jobs().inNamespace(ns).withLabel(PoolLabels.POOL, pool).list().getItems().stream()
        .filter(j -> j.getMetadata().getDeletionTimestamp() == null)
        .map(j -> Integer.parseInt(j.getMetadata().getLabels().get(PoolLabels.ORDINAL)))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String condition(FileProcessingPool p, String type) {
    return p == null || p.getStatus() == null ? null : p.getStatus().conditions.stream()
        .filter(c -> c.type().equals(type)).map(c -> c.status() + "/" + c.reason()).findFirst().orElse(null);
  }

  /** Like kubectl edit: on a conflict with the operator's own writes, read again and retry. */
  private void editSpec(String name, Consumer<FileProcessingPool> change) {
    await().atMost(WAIT).ignoreException(KubernetesClientException.class).until(() -> {
      admin.resources(FileProcessingPool.class).inNamespace(ns).withName(name).edit(p -> {
        change.accept(p);
        return p;
      });
      return true;
    });
  }

  @Test
  void theApiServerItselfRejectsBadPools() {
    var pools = admin.resources(FileProcessingPool.class).inNamespace(ns);
    FileProcessingPool negative = TestPools.pool(ns, "negative", -1);
    assertThatThrownBy(() -> pools.resource(negative).create()).isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.replicas").hasMessageContaining("should be greater than or equal to 0");
    FileProcessingPool noImage = TestPools.pool(ns, "no-image", 1);
    noImage.getSpec().image = null;
    assertThatThrownBy(() -> pools.resource(noImage).create()).hasMessageContaining("spec.image: Required value");
    FileProcessingPool badQueue = TestPools.pool(ns, "bad-queue", 1);
    badQueue.getSpec().sharedTaskQueue = "files for/me";
    assertThatThrownBy(() -> pools.resource(badQueue).create()).hasMessageContaining("spec.sharedTaskQueue")
        .hasMessageContaining("should match");
    FileProcessingPool noSessions = TestPools.pool(ns, "no-sessions", 1);
    noSessions.getSpec().maxConcurrentSessions = 0;
    assertThatThrownBy(() -> pools.resource(noSessions).create())
        .hasMessageContaining("spec.maxConcurrentSessions");
    assertThat(pools.list().getItems()).as("nothing bad was stored").isEmpty();

    FileProcessingPool defaults = TestPools.pool(ns, "defaults", 1);
    defaults.getSpec().sharedTaskQueue = null;
    defaults.getSpec().storage = null;
    pools.resource(defaults).create();
    assertThat(get("defaults").getSpec().sharedTaskQueue).as("defaulted by the server")
        .isEqualTo("file-processing-shared");
  }

  @Test
  void aPoolBecomesAStatefulSetWhosePodsTheRealControllerCreates() {
    admin.resource(TestPools.pool(ns, "scan", 3)).create();

    await().atMost(WAIT).until(() -> podOrdinals("scan").equals(Set.of(0, 1, 2)));
    StatefulSet s = sts("scan");
    assertThat(s.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("FileProcessingPool"));
    assertThat(s.getMetadata().getManagedFields()).as("written by server-side apply")
        .anySatisfy(f -> assertThat(f.getOperation()).isEqualTo("Apply"));
    Map<String, EnvVar> env = s.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env.get("TEMPORAL_API_KEY").getValueFrom().getSecretKeyRef().getName()).isEqualTo("temporal-api-key");
    assertThat(env.get("LOCUS_SHARED_QUEUE").getValue()).isEqualTo("file-processing-shared");
    assertThat(env.get("POD_IP").getValueFrom().getFieldRef().getFieldPath())
        .as("the address the pool's other workers probe its presence at").isEqualTo("status.podIP");
    Pod pod = admin.pods().inNamespace(ns).withName("scan-1").get();
    assertThat(pod.getMetadata().getLabels()).containsEntry(PoolLabels.POOL, "scan")
        .containsEntry("statefulset.kubernetes.io/pod-name", "scan-1");
    assertThat(admin.persistentVolumeClaims().inNamespace(ns).withName("data-scan-1").get())
        .as("the StatefulSet controller's claim for the pod's volume").isNotNull();
    assertThat(admin.services().inNamespace(ns).withName("scan-workers").get().getSpec().getClusterIP())
        .isEqualTo("None");
    assertThat(admin.policy().v1().podDisruptionBudget().inNamespace(ns).withName("scan").get().getSpec()
        .getMaxUnavailable().getIntVal()).isEqualTo(1);

    await().atMost(WAIT).untilAsserted(() -> {
      FileProcessingPool p = get("scan");
      assertThat(condition(p, Condition.READY)).isEqualTo("True/" + ConditionReason.ALL_WORKERS_READY);
      assertThat(condition(p, Condition.PROGRESSING)).isEqualTo("False/" + ConditionReason.STABLE);
      assertThat(p.getStatus().readyReplicas).isEqualTo(3);
      assertThat(p.getStatus().observedGeneration).isEqualTo(p.getMetadata().getGeneration());
      assertThat(p.getStatus().conditions).allSatisfy(c ->
          assertThat(c.observedGeneration()).isEqualTo(p.getMetadata().getGeneration()));
      assertThat(p.getStatus().workerQueues).containsExactly("file-processing-shared-scan-0",
          "file-processing-shared-scan-1", "file-processing-shared-scan-2");
    });
    assertThat(admin.v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(ConditionReason.ALL_WORKERS_READY));
  }

  @Test
  void editsReachThePodsAndStatusFollowsThem() {
    admin.resource(TestPools.pool(ns, "edit", 2)).create();
    kubelet.readyOnly(p -> p.getMetadata().getName().endsWith("-0"));
    await().atMost(WAIT).until(() -> ("False/" + ConditionReason.WORKERS_NOT_READY)
        .equals(condition(get("edit"), Condition.READY)));

    editSpec("edit", p -> {
      p.getSpec().image = "registry.example.com/locus-worker:0.2.0";
      p.getSpec().drainGraceSeconds = 60;
    });
    kubelet.readyOnly(p -> true);
    await().atMost(WAIT).untilAsserted(() -> {
      var pod = sts("edit").getSpec().getTemplate().getSpec();
      assertThat(pod.getContainers().get(0).getImage()).endsWith(":0.2.0");
      assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(75L);
    });
    await().atMost(WAIT).untilAsserted(() -> {
      FileProcessingPool p = get("edit");
      assertThat(condition(p, Condition.READY)).isEqualTo("True/" + ConditionReason.ALL_WORKERS_READY);
      assertThat(condition(p, Condition.PROGRESSING)).isEqualTo("False/" + ConditionReason.STABLE);
      assertThat(p.getStatus().conditions).allSatisfy(c ->
          assertThat(c.observedGeneration()).isEqualTo(p.getMetadata().getGeneration()));
    });
    assertThat(admin.pods().inNamespace(ns).withLabel(PoolLabels.POOL, "edit").list().getItems())
        .as("the StatefulSet controller rolled every pod onto the new image")
        .allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage()).endsWith(":0.2.0"));
  }

  @Test
  void kubectlScaleGoesThroughTheRealScaleSubresource() {
    admin.resource(TestPools.pool(ns, "scaled", 1)).create();
    await().atMost(WAIT).until(() -> podOrdinals("scaled").equals(Set.of(0)));

    assertThat(controlPlane.kubectl("-n", ns, "scale", "fpp/scaled", "--replicas=4"))
        .contains("fileprocessingpool.locus.dev/scaled scaled");

    await().atMost(WAIT).until(() -> podOrdinals("scaled").equals(Set.of(0, 1, 2, 3)));
    await().atMost(WAIT).untilAsserted(() -> {
      var scale = admin.resources(FileProcessingPool.class).inNamespace(ns).withName("scaled").scale();
      assertThat(scale.getSpec().getReplicas()).isEqualTo(4);
      assertThat(scale.getStatus().getReplicas()).as("status.replicas through /scale").isEqualTo(4);
      assertThat(scale.getStatus().getSelector()).contains("locus.dev/pool=scaled");
      assertThat(get("scaled").getStatus().readyReplicas).isEqualTo(4);
    });
    // the printer columns, in the order the CRD generator writes them: Age, Desired, (Backlog, Backlog-Age,) Ready
    assertThat(controlPlane.kubectl("-n", ns, "get", "fpp", "scaled"))
        .containsPattern("NAME\\s+AGE\\s+DESIRED\\s+BACKLOG\\s+BACKLOG-AGE\\s+READY")
        .containsPattern("scaled\\s+\\S+\\s+4\\s+4\\s");
  }

  @Test
  void kubectlExplainDescribesTheStatus() {
    String explained = controlPlane.kubectl("explain", "fpp.status");
    assertThat(explained).contains("backlog").contains("observedGeneration").contains("conditions")
        .doesNotContain("<empty>");
    assertThat(controlPlane.kubectl("explain", "fpp.status.conditions")).contains("observedGeneration");
  }

  @Test
  void scalingDownDrainsExactlyTheDepartedOrdinalsThroughTheRealJobController() {
    admin.resource(TestPools.pool(ns, "drain", 5)).create();
    await().atMost(WAIT).until(() -> podOrdinals("drain").equals(Set.of(0, 1, 2, 3, 4)));
    await().atMost(WAIT).until(() -> get("drain").getStatus() != null
        && get("drain").getStatus().ordinals.size() == 5);

    editSpec("drain", p -> p.getSpec().replicas = 2);
    await().atMost(WAIT).until(() -> podOrdinals("drain").equals(Set.of(0, 1)));
    await().atMost(WAIT).until(() -> drainJobOrdinals("drain").equals(Set.of(2, 3, 4)));
    Job job = admin.batch().v1().jobs().inNamespace(ns).withName("drain-drain-3").get();
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly("drain", "--queue", "file-processing-shared-drain-3", "--duration", "300s");
    await("the Job controller starts each drain's pod").atMost(WAIT).until(() -> admin.pods().inNamespace(ns)
        .withLabel(PoolLabels.COMPONENT, PoolLabels.DRAIN).list().getItems().size() == 3);

    editSpec("drain", p -> p.getSpec().replicas = 4);
    await().atMost(WAIT).until(() -> drainJobOrdinals("drain").equals(Set.of(4)));
    await().atMost(WAIT).until(() -> podOrdinals("drain").equals(Set.of(0, 1, 2, 3)));

    kubelet.finishDrain("drain-drain-4", 7);
    // Only the Job controller writes a Job's status.succeeded, which is what makes the operator forget ordinal 4
    // (and then delete its finished Job, possibly before the controller adds the Complete condition).
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(get("drain").getStatus().ordinals).containsExactly(0, 1, 2, 3);
      assertThat(registry.get("locus.drained.tasks").tag("pool", "drain").tag("pool_namespace", ns).counter().count())
          .isEqualTo(7.0);
    });
    await().atMost(WAIT).until(() -> drainJobOrdinals("drain").isEmpty());
  }

  private long writesToStatefulSet(String name) {
    return controlPlane.requestsBy(LocusChart.operatorAccount()).stream()
        .filter(r -> r.resource().equals("statefulsets") && r.subresource().isEmpty() && r.namespace().equals(ns)
            && r.name().equals(name) && !Set.of("get", "list", "watch").contains(r.verb()))
        .count();
  }

  @Test
  void aPodThatRestartsIsNeverDrainedAndTheStatefulSetIsLeftAlone() {
    admin.resource(TestPools.pool(ns, "restart", 2)).create();
    await().atMost(WAIT).until(() -> podOrdinals("restart").equals(Set.of(0, 1)));
    await().atMost(WAIT).until(() -> ("True/" + ConditionReason.ALL_WORKERS_READY)
        .equals(condition(get("restart"), Condition.READY)));
    long writes = writesToStatefulSet("restart");
    String uid = admin.pods().inNamespace(ns).withName("restart-1").get().getMetadata().getUid();

    admin.pods().inNamespace(ns).withName("restart-1").delete();
    await("the StatefulSet controller brings the pod back").atMost(WAIT).until(() -> {
      Pod p = admin.pods().inNamespace(ns).withName("restart-1").get();
      return p != null && !p.getMetadata().getUid().equals(uid) && "Running".equals(p.getStatus().getPhase());
    });
    await().atMost(WAIT).until(() -> ("True/" + ConditionReason.ALL_WORKERS_READY)
        .equals(condition(get("restart"), Condition.READY)));
    await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> true);
    assertThat(drainJobOrdinals("restart")).isEmpty();
    assertThat(writesToStatefulSet("restart"))
        .as("reconciles that changed nothing wrote nothing: server-side apply found the StatefulSet as wanted")
        .isEqualTo(writes);
  }

  @Test
  void deletingAPoolDrainsEveryQueueThenTheGarbageCollectorTakesTheRest() {
    admin.resource(TestPools.pool(ns, "gone", 2)).create();
    await().atMost(WAIT).until(() -> podOrdinals("gone").equals(Set.of(0, 1)));
    await().atMost(WAIT).until(() -> get("gone").getStatus() != null && get("gone").getStatus().ordinals.size() == 2);

    admin.resources(FileProcessingPool.class).inNamespace(ns).withName("gone").delete();
    await().atMost(WAIT).until(() -> drainJobOrdinals("gone").equals(Set.of(0, 1)));
    assertThat(podOrdinals("gone")).as("every worker stopped first").isEmpty();
    assertThat(get("gone")).as("held by the finalizer until the drains finish").isNotNull();
    kubelet.finishDrain("gone-drain-0", 1);
    kubelet.finishDrain("gone-drain-1", 2);

    await().atMost(WAIT).until(() -> get("gone") == null);
    await("the garbage collector deletes what the pool owned").atMost(WAIT).untilAsserted(() -> {
      assertThat(sts("gone")).isNull();
      assertThat(admin.services().inNamespace(ns).withName("gone-workers").get()).isNull();
      assertThat(admin.policy().v1().podDisruptionBudget().inNamespace(ns).withName("gone").get()).isNull();
      assertThat(admin.batch().v1().jobs().inNamespace(ns).list().getItems()).isEmpty();
    });
  }

  /**
   * A pool's whole life, then the role's rules against the requests the operator made: a verb it never used is a
   * right it does not need. The exceptions are rights checked without a request of their own.
   */
  @Test
  void theChartsRoleGrantsNothingTheOperatorDoesNotUse() {
    admin.resource(TestPools.pool(ns, "life", 2)).create();
    await().atMost(WAIT).until(() -> podOrdinals("life").equals(Set.of(0, 1)));
    editSpec("life", p -> p.getSpec().replicas = 1);
    await().atMost(WAIT).until(() -> drainJobOrdinals("life").equals(Set.of(1)));
    editSpec("life", p -> p.getSpec().replicas = 2);
    await().atMost(WAIT).until(() -> drainJobOrdinals("life").isEmpty() && podOrdinals("life").equals(Set.of(0, 1)));
    admin.resources(FileProcessingPool.class).inNamespace(ns).withName("life").delete();
    await().atMost(WAIT).until(() -> drainJobOrdinals("life").equals(Set.of(0, 1)));
    kubelet.finishDrain("life-drain-0", 0);
    kubelet.finishDrain("life-drain-1", 0);
    await().atMost(WAIT).until(() -> get("life") == null);

    // a server-side apply that creates its object (201) is authorized as a create too
    Set<String> used = controlPlane.requestsBy(LocusChart.operatorAccount()).stream().filter(r -> r.code() < 400)
        .flatMap(r -> (r.verb().equals("patch") && r.code() == 201 ? List.of("patch", "create") : List.of(r.verb()))
            .stream().map(verb -> r.group() + ":" + r.resource()
                + (r.subresource().isEmpty() ? "" : "/" + r.subresource()) + ":" + verb))
        .collect(Collectors.toSet());
    Map<String, String> checkedWithoutARequest = Map.of(
        "locus.dev:fileprocessingpools/finalizers:update", "OwnerReferencesPermissionEnforcement checks it when an"
            + " owned object that blocks its owner's deletion is created",
        "locus.dev:fileprocessingpools:get", "JOSDK re-reads the pool when removing its finalizer meets a conflict",
        "coordination.k8s.io:leases:update", "JOSDK checks for it before leader election starts");
    List<String> granted = LocusChart.rbac(Map.of()).stream()
        .filter(o -> o instanceof io.fabric8.kubernetes.api.model.rbac.ClusterRole
            || o instanceof io.fabric8.kubernetes.api.model.rbac.Role)
        .flatMap(o -> (o instanceof io.fabric8.kubernetes.api.model.rbac.ClusterRole c ? c.getRules()
            : ((io.fabric8.kubernetes.api.model.rbac.Role) o).getRules()).stream())
        .flatMap(rule -> rule.getApiGroups().stream().flatMap(g -> rule.getResources().stream()
            .flatMap(res -> rule.getVerbs().stream().map(v -> g + ":" + res + ":" + v))))
        .toList();
    assertThat(granted).filteredOn(g -> !checkedWithoutARequest.containsKey(g))
        .as("granted but never used").allSatisfy(g -> assertThat(used).contains(g));
  }

  @Test
  void aPoolTheOperatorCannotCarryOutIsDegradedWithAWarningEvent() {
    String longName = "a-pool-name-that-is-far-too-long-for-its-statefulset-x";
    admin.resource(TestPools.pool(ns, longName, 1)).create();
    admin.resource(TestPools.pool(ns, "good", 1)).create();

    await().atMost(WAIT).until(() -> ("True/" + ConditionReason.INVALID_SPEC)
        .equals(condition(get(longName), Condition.DEGRADED)));
    await().atMost(WAIT).until(() -> sts("good") != null);
    assertThat(sts(longName)).isNull();
    await().atMost(WAIT).untilAsserted(() -> assertThat(admin.v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo(ConditionReason.INVALID_SPEC);
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getInvolvedObject().getName()).isEqualTo(longName);
        }));
  }
}
