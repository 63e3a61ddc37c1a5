package dev.locus.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The chart through the real Helm library: lint, template, and install onto the mock API server. */
@EnableKubernetesMockClient(crud = true)
class HelmChartTest {
  static final Path CHART = Path.of("..", "helm", "locus");
  KubernetesClient client;
  KubernetesMockServer server;

  /** Discovery, as a real API server serves it, for the kinds the chart installs (the CRUD mock has none). */
  private void serveDiscovery() {
    Map<String, List<String[]>> groups = new java.util.LinkedHashMap<>();
    groups.put("apps/v1", List.<String[]>of(new String[] {"deployments", "Deployment", "true"},
        new String[] {"statefulsets", "StatefulSet", "true"}));
    groups.put("rbac.authorization.k8s.io/v1", List.<String[]>of(
        new String[] {"clusterroles", "ClusterRole", "false"},
        new String[] {"clusterrolebindings", "ClusterRoleBinding", "false"}));
    groups.put("apiextensions.k8s.io/v1", List.<String[]>of(
        new String[] {"customresourcedefinitions", "CustomResourceDefinition", "false"}));
    groups.put("locus.dev/v1alpha1", List.<String[]>of(
        new String[] {"fileprocessingpools", "FileProcessingPool", "true"}));
    serve("/version", new io.fabric8.kubernetes.client.VersionInfo.Builder().withGitVersion("v1.31.0")
        .withMajor("1").withMinor("31").build());
    serve("/api", new APIVersionsBuilder().withVersions("v1").build());
    serve("/api/v1", resources("v1", List.of(
        new String[] {"serviceaccounts", "ServiceAccount", "true"}, new String[] {"services", "Service", "true"},
        new String[] {"configmaps", "ConfigMap", "true"}, new String[] {"namespaces", "Namespace", "false"})));
    serve("/apis", new APIGroupListBuilder().withGroups(
        groups.keySet().stream().map(gv -> new APIGroupBuilder().withName(gv.split("/")[0])
            .withVersions(new GroupVersionForDiscoveryBuilder().withGroupVersion(gv).withVersion(gv.split("/")[1])
                .build())
            .withPreferredVersion(new GroupVersionForDiscoveryBuilder().withGroupVersion(gv)
                .withVersion(gv.split("/")[1]).build()).build()).toList()).build());
    groups.forEach((gv, kinds) -> serve("/apis/" + gv, resources(gv, kinds)));
  }

  /** client-go asks with ?timeout=32s; the mock matches the whole path. */
  private void serve(String path, Object body) {
    server.expect().get().withPath(path).andReturn(200, body).always();
    server.expect().get().withPath(path + "?timeout=32s").andReturn(200, body).always();
  }

  private static APIResourceList resources(String groupVersion, List<String[]> kinds) {
    return new APIResourceListBuilder().withGroupVersion(groupVersion).withResources(kinds.stream().map(k ->
        new APIResourceBuilder().withName(k[0]).withKind(k[1]).withNamespaced(Boolean.parseBoolean(k[2]))
            .withVerbs("create", "delete", "get", "list", "patch", "update", "watch").build()).toList()).build();
  }

  private static List<HasMetadata> render(Map<String, Object> values) {
    var template = new Helm(CHART).template().withName("locus").withNamespace("locus-system")
        .withKubeVersion("1.31.0");
    values.forEach(template::set);
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : template.call().split("(?m)^---\\s*$")) {
      if (doc.lines().anyMatch(l -> l.startsWith("kind:"))) {
        objects.add(Serialization.unmarshal(doc));
      }
    }
    return objects;
  }

  private static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, String kind, Class<T> type) {
    return objects.stream().filter(o -> o.getKind().equals(kind)).map(type::cast).toList();
  }

  @Test
  void lintsStrict() {
    LintResult result = new Helm(CHART).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    assertThat(new Helm(Path.of("..", "helm", "locus-crds")).lint().strict().call().isFailed()).isFalse();
  }

  @Test
  void defaultsGiveTheOperatorItsRbacAndTheDashboards() throws Exception {
    List<HasMetadata> objects = render(Map.of());
    assertThat(objects).extracting(HasMetadata::getKind).contains("ServiceAccount", "ClusterRole",
        "ClusterRoleBinding", "Deployment", "Service", "ConfigMap")
        .doesNotContain("ServiceMonitor", "PodMonitor", "FileProcessingPool");
    Deployment operator = ofKind(objects, "Deployment", Deployment.class).get(0);
    assertThat(operator.getSpec().getReplicas()).isEqualTo(2);
    var container = operator.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("ghcr.io/locus-dev/locus-operator:0.1.0");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getEnv()).contains(new EnvVar("LOCUS_TEMPORAL_READ_BUDGET", "10", null),
        new EnvVar("LOCUS_LEADER_ELECTION", "true", null));
    assertThat(operator.getMetadata().getLabels()).containsEntry("app.kubernetes.io/instance", "locus")
        .containsKeys("helm.sh/chart", "app.kubernetes.io/name", "app.kubernetes.io/part-of");

    List<ConfigMap> dashboards = ofKind(objects, "ConfigMap", ConfigMap.class);
    assertThat(dashboards).hasSize(3).allSatisfy(cm ->
        assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1"));
    for (ConfigMap cm : dashboards) {
      JsonNode dashboard = new ObjectMapper().readTree(cm.getData().values().iterator().next());
      assertDashboardIsWellFormed(dashboard);
    }
  }

  static void assertDashboardIsWellFormed(JsonNode dashboard) {
    Set<Integer> ids = new HashSet<>();
    List<String> variables = new ArrayList<>();
    dashboard.get("templating").get("list").forEach(v -> variables.add(v.get("name").asText()));
    assertThat(variables).as(dashboard.get("title").asText()).contains("datasource", "namespace", "pool", "worker");
    for (JsonNode panel : dashboard.get("panels")) {
      assertThat(ids.add(panel.get("id").asInt())).as("unique panel id %s", panel.get("id")).isTrue();
      assertThat(panel.get("datasource").get("uid").asText()).isEqualTo("${datasource}");
      for (JsonNode target : panel.get("targets")) {
        String expr = target.get("expr").asText();
        assertThat(expr).doesNotContain("instance=").doesNotContain("localhost").doesNotContain("127.0.0.1");
      }
    }
  }

  @Test
  void nonDefaultValuesAddMonitorsAndAPoolAndDropDashboards() {
    List<HasMetadata> objects = render(Map.of("metrics.serviceMonitor.enabled", true,
        "metrics.podMonitor.enabled", true, "examplePool.enabled", true, "dashboards.enabled", false,
        "image.tag", "9.9.9", "watchNamespaces[0]", "files", "replicaCount", 1));
    assertThat(objects).extracting(HasMetadata::getKind).contains("ServiceMonitor", "PodMonitor",
        "FileProcessingPool").doesNotContain("ConfigMap");
    Deployment operator = ofKind(objects, "Deployment", Deployment.class).get(0);
    assertThat(operator.getSpec().getReplicas()).isEqualTo(1);
    assertThat(operator.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).endsWith(":9.9.9");
    assertThat(operator.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .contains(new EnvVar("LOCUS_WATCH_NAMESPACES", "files", null));
  }

  @Test
  void theValuesSchemaRejectsNonsense() {
    assertThatThrownBy(() -> render(Map.of("replicaCount", 0))).hasMessageContaining("replicaCount");
    assertThatThrownBy(() -> render(Map.of("temporalReadBudget", 500))).hasMessageContaining("temporalReadBudget");
  }

  @Test
  void installsOntoAnApiServerAndTheOperatorReconcilesTheExamplePool() {
    serveDiscovery();
    String url = client.getConfiguration().getMasterUrl();
    String kubeconfig = """
        apiVersion: v1
        kind: Config
        clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
        users: [{name: test, user: {token: secret}}]
        contexts: [{name: mock, context: {cluster: mock, user: test, namespace: locus-system}}]
        current-context: mock
        """.formatted(url);
    var crds = client.apiextensions().v1().customResourceDefinitions();
    // The API server's CRD controller marks a new CRD Established; Helm waits for that.
    Thread crdController = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        crds.list().getItems().stream().filter(c -> c.getStatus() == null || c.getStatus().getConditions() == null
            || c.getStatus().getConditions().isEmpty()).forEach(c -> {
              c.setStatus(new CustomResourceDefinitionStatusBuilder()
                  .addNewCondition().withType("Established").withStatus("True").endCondition()
                  .addNewCondition().withType("NamesAccepted").withStatus("True").endCondition()
                  .withAcceptedNames(c.getSpec().getNames()).build());
              crds.resource(c).updateStatus();
            });
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    crdController.start();
    try {
      new Helm(CHART).install().withName("locus").withNamespace("locus-system").withKubeConfigContents(kubeconfig)
          .set("examplePool.enabled", true)
          .disableOpenApiValidation() // the mock serves no /openapi/v2; the CRD schema is tested in CrdSchemaTest
          .call();
    } finally {
      crdController.interrupt();
    }

    assertThat(client.apps().deployments().inNamespace("locus-system").withName("locus").get()).isNotNull();
    assertThat(client.apiextensions().v1().customResourceDefinitions()
        .withName("fileprocessingpools.locus.dev").get()).isNotNull();
    Operator operator = LocusOperator.create(client, null);
    operator.start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() ->
          client.apps().statefulSets().inNamespace("locus-system").withName("files").get() != null);
    } finally {
      operator.stop();
    }
  }
}
