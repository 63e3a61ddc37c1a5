package dev.locus.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.temporal.Ports;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator as users run it: the shaded jar in its own process, with a kubeconfig that acts as the chart's
 * ServiceAccount. It can be killed with SIGKILL at a chosen moment, and its /readyz read from outside.
 */
class OperatorProcessApiServerIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Path JAR = Path.of("target", "locus-operator.jar");

  private ControlPlane controlPlane;
  private KubernetesClient admin;
  private String ns;
  private TestKubelet kubelet;
  private final List<Process> operators = new ArrayList<>();

  @BeforeEach
  void controlPlane() {
    controlPlane = ControlPlane.get();
    controlPlane.installCrd();
    controlPlane.apply(LocusChart.rbac(Map.of()));
    admin = controlPlane.admin();
    ns = controlPlane.namespace("restart");
    kubelet = new TestKubelet(admin, ns);
  }

  @AfterEach
  void stop() {
    operators.forEach(Process::destroyForcibly);
    kubelet.close();
    admin.close();
  }

  /** `java -jar locus-operator.jar`, acting as the account, serving /readyz on the returned port. */
  private int startOperator(ControlPlane.ServiceAccountRef account, String name) throws IOException {
    return startOperator(account, name, Map.of("LOCUS_LEADER_ELECTION", "false"));
  }

  private int startOperator(ControlPlane.ServiceAccountRef account, String name, Map<String, String> env)
      throws IOException {
    int port = Ports.free();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(controlPlane.impersonating(account));
    command.addAll(List.of("-jar", JAR.toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(Path.of("target", "control-plane", name + "-" + ns + ".log").toFile());
    builder.environment().put("KUBECONFIG", controlPlane.adminKubeconfig().toString());
    builder.environment().putAll(env);
    builder.environment().put("HOSTNAME", name); // the leader-election identity, as a pod's name is
    builder.environment().put("LOCUS_OPERATOR_HTTP_PORT", String.valueOf(port));
    builder.environment().put("LOCUS_WATCH_NAMESPACES", ns);
    operators.add(builder.start());
    return port;
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private Set<Integer> podOrdinals(String pool) {
    return admin.pods().inNamespace(ns).withLabel(PoolLabels.POOL, pool)
        .withLabel(PoolLabels.COMPONENT, PoolLabels.WORKER).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .map(p -> Integer.parseInt(p.getMetadata().getName().substring(pool.length() + 1)))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private List<Job> jobs() {
    return admin.batch().v1().jobs().inNamespace(ns).list().getItems();
  }

  @Test
  void killedBetweenScalingTheStatefulSetDownAndCreatingTheDrainJobsItCreatesEachJobOnceAfterARestart()
      throws Exception {
    assertThat(JAR).as("the shaded jar, built by mvn package").exists();
    startOperator(LocusChart.operatorAccount(), "operator-a");
    admin.resource(TestPools.pool(ns, "files", 3)).create();
    await().atMost(WAIT).until(() -> podOrdinals("files").equals(Set.of(0, 1, 2)));
    await().atMost(WAIT).until(() -> {
      FileProcessingPool p = admin.resources(FileProcessingPool.class).inNamespace(ns).withName("files").get();
      return p.getStatus() != null && p.getStatus().ordinals.equals(List.of(0, 1, 2));
    });

    // Bound to the kubelet's node, as running pods are: only then does deleting them take a grace period (an unbound
    // pod goes at once, and its queue would rightly be drained at once).
    await().atMost(WAIT).until(() -> admin.pods().inNamespace(ns).withLabel(PoolLabels.POOL, "files").list().getItems()
        .stream().filter(p -> p.getSpec().getNodeName() != null).count() == 3);
    kubelet.holdTerminating(true); // workers 1 and 2 take their time draining their sessions
    admin.resources(FileProcessingPool.class).inNamespace(ns).withName("files").scale(1);
    await().atMost(WAIT).until(() -> {
      StatefulSet s = admin.apps().statefulSets().inNamespace(ns).withName("files").get();
      return s.getSpec().getReplicas() == 1 && podOrdinals("files").equals(Set.of(0));
    });
    assertThat(jobs()).as("no drain while the departing pods still run").isEmpty();
    operators.get(0).destroyForcibly().waitFor();

    kubelet.holdTerminating(false); // the pods finish while no operator runs
    await().atMost(WAIT).until(() -> admin.pods().inNamespace(ns).withLabel(PoolLabels.COMPONENT, PoolLabels.WORKER)
        .list().getItems().size() == 1);
    assertThat(jobs()).isEmpty();

    startOperator(LocusChart.operatorAccount(), "operator-b");
    await().atMost(WAIT).until(() -> jobs().size() == 2);
    await().pollDelay(Duration.ofSeconds(5)).atMost(WAIT).until(() -> true);
    FileProcessingPool pool = admin.resources(FileProcessingPool.class).inNamespace(ns).withName("files").get();
    List<Job> jobs = jobs();
    assertThat(jobs).extracting(j -> j.getMetadata().getName())
        .as("one drain Job per departed ordinal, from the ordinals the first process left in status")
        .containsExactlyInAnyOrder("files-drain-1", "files-drain-2");
    assertThat(jobs).allSatisfy(j -> assertThat(j.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(pool.getMetadata().getUid())));
    assertThat(admin.pods().inNamespace(ns).withLabel(PoolLabels.COMPONENT, PoolLabels.DRAIN).list().getItems())
        .as("the Job controller started one pod per Job").hasSize(2);

    kubelet.finishDrain("files-drain-1", 3);
    kubelet.finishDrain("files-drain-2", 4);
    admin.resource(pool).delete();
    kubelet.finishDrain("files-drain-0", 0);
    await("no orphans: the garbage collector removed everything the pool owned").atMost(WAIT).until(() ->
        admin.resources(FileProcessingPool.class).inNamespace(ns).withName("files").get() == null
            && admin.apps().statefulSets().inNamespace(ns).list().getItems().isEmpty()
            && admin.services().inNamespace(ns).list().getItems().isEmpty()
            && admin.policy().v1().podDisruptionBudget().inNamespace(ns).list().getItems().isEmpty()
            && jobs().isEmpty());
    assertThat(controlPlane.requestsBy(LocusChart.operatorAccount())).filteredOn(r -> r.code() == 403)
        .extracting(ControlPlane.Request::describe).isEmpty();
  }

  @Test
  void twoReplicasWithLeaderElectionAreBothReadyAndTheStandbyTakesOverWhenTheLeaderIsKilled() throws Exception {
    // the chart's leader-election Role, in this test's namespace, so that the lease is this test's own
    Role leases = LocusChart.ofKind(LocusChart.rbac(Map.of()), "Role", Role.class).get(0);
    leases.getMetadata().setNamespace(ns);
    RoleBinding binding = LocusChart.ofKind(LocusChart.rbac(Map.of()), "RoleBinding", RoleBinding.class).get(0);
    binding.getMetadata().setNamespace(ns);
    controlPlane.apply(List.of(leases, binding));
    Map<String, String> env = Map.of("LOCUS_LEADER_ELECTION", "true", "LOCUS_LEADER_ELECTION_NAMESPACE", ns);
    int a = startOperator(LocusChart.operatorAccount(), "replica-a", env);
    int b = startOperator(LocusChart.operatorAccount(), "replica-b", env);
    for (int port : new int[] {a, b}) {
      await("replica on port " + port + " ready (leading with its informers watching, or standing by)")
          .atMost(WAIT).ignoreExceptions().untilAsserted(() ->
              assertThat(get(port, "/readyz").statusCode()).isEqualTo(200));
    }
    admin.resource(TestPools.pool(ns, "first", 1)).create();
    await().atMost(WAIT).until(() -> podOrdinals("first").equals(Set.of(0)));

    String holder = admin.leases().inNamespace(ns).withName("locus-operator-leader").get().getSpec()
        .getHolderIdentity();
    assertThat(holder).isIn("replica-a", "replica-b");
    Process leader = operators.get(holder.equals("replica-a") ? 0 : 1);
    leader.destroyForcibly().waitFor();
    admin.resource(TestPools.pool(ns, "second", 1)).create();
    await("the standby takes the lease once it expires, then reconciles").atMost(Duration.ofMinutes(2))
        .until(() -> podOrdinals("second").equals(Set.of(0)));
    assertThat(admin.leases().inNamespace(ns).withName("locus-operator-leader").get().getSpec()
        .getHolderIdentity()).isNotEqualTo(holder);
  }

  @Test
  void readyzSaysWhichInformerCannotWatchUntilRbacLetsIt() throws Exception {
    ControlPlane.ServiceAccountRef account = new ControlPlane.ServiceAccountRef("locus-system", "no-pods-" + ns);
    ClusterRole chartRole = LocusChart.ofKind(LocusChart.rbac(Map.of()), "ClusterRole", ClusterRole.class).get(0);
    List<PolicyRule> withoutPods = chartRole.getRules().stream()
        .filter(r -> !r.getResources().contains("pods")).toList();
    List<HasMetadata> rbac = List.of(
        new ClusterRoleBuilder().withNewMetadata().withName(account.name()).endMetadata().withRules(withoutPods).build(),
        binding(account, account.name()));
    controlPlane.apply(rbac);

    int port = startOperator(account, "no-pods");
    await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(get(port, "/healthz").statusCode())
        .isEqualTo(200));
    await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
      HttpResponse<String> readyz = get(port, "/readyz");
      assertThat(readyz.statusCode()).isEqualTo(503);
      assertThat(readyz.body()).contains("not ready").contains("pods");
    });

    ClusterRole pods = new ClusterRoleBuilder().withNewMetadata().withName(account.name() + "-pods").endMetadata()
        .withRules(chartRole.getRules().stream().filter(r -> r.getResources().contains("pods")).toList()).build();
    controlPlane.apply(List.of(pods, binding(account, pods.getMetadata().getName())));
    await("the informer retries and /readyz follows").atMost(Duration.ofMinutes(3)).ignoreExceptions()
        .untilAsserted(() -> assertThat(get(port, "/readyz").statusCode()).isEqualTo(200));
  }

  private static ClusterRoleBinding binding(ControlPlane.ServiceAccountRef account, String role) {
    return new ClusterRoleBindingBuilder().withNewMetadata().withName(role).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
        .addNewSubject().withKind("ServiceAccount").withName(account.name()).withNamespace(account.namespace())
        .endSubject().build();
  }
}
