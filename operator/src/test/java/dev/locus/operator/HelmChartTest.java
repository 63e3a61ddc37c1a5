package dev.locus.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The charts through the real Helm library: lint and templates (HelmApiServerIT installs them onto a real server). */
class HelmChartTest {
  static final Path CHART = LocusChart.CHART;

  @Test
  void lintsStrict() {
    LintResult result = new Helm(CHART).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    assertThat(new Helm(Path.of("..", "helm", "locus-crds")).lint().strict().call().isFailed()).isFalse();
  }

  @Test
  void defaultsGiveTheOperatorItsRbacAndTheDashboards() throws Exception {
    List<HasMetadata> objects = LocusChart.render(Map.of());
    assertThat(objects).extracting(HasMetadata::getKind).contains("ServiceAccount", "ClusterRole",
        "ClusterRoleBinding", "Deployment", "Service", "ConfigMap")
        .doesNotContain("ServiceMonitor", "PodMonitor", "FileProcessingPool");
    Deployment operator = LocusChart.ofKind(objects, "Deployment", Deployment.class).get(0);
    assertThat(operator.getSpec().getReplicas()).isEqualTo(2);
    var container = operator.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("ghcr.io/locus-dev/locus-operator:0.1.0");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getEnv()).contains(new EnvVar("LOCUS_TEMPORAL_READ_BUDGET", "20", null),
        new EnvVar("LOCUS_LEADER_ELECTION", "true", null));
    assertThat(operator.getMetadata().getLabels()).containsEntry("app.kubernetes.io/instance", "locus")
        .containsKeys("helm.sh/chart", "app.kubernetes.io/name", "app.kubernetes.io/part-of");

    List<ConfigMap> dashboards = LocusChart.ofKind(objects, "ConfigMap", ConfigMap.class);
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
    List<HasMetadata> objects = LocusChart.render(Map.of("metrics.serviceMonitor.enabled", true,
        "metrics.podMonitor.enabled", true, "examplePool.enabled", true, "dashboards.enabled", false,
        "image.tag", "9.9.9", "watchNamespaces[0]", "files", "replicaCount", 1));
    assertThat(objects).extracting(HasMetadata::getKind).contains("ServiceMonitor", "PodMonitor",
        "FileProcessingPool").doesNotContain("ConfigMap");
    Deployment operator = LocusChart.ofKind(objects, "Deployment", Deployment.class).get(0);
    assertThat(operator.getSpec().getReplicas()).isEqualTo(1);
    assertThat(operator.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).endsWith(":9.9.9");
    assertThat(operator.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .contains(new EnvVar("LOCUS_WATCH_NAMESPACES", "files", null));
  }

  @Test
  void theValuesSchemaRejectsNonsense() {
    assertThatThrownBy(() -> LocusChart.render(Map.of("replicaCount", 0))).hasMessageContaining("replicaCount");
    assertThatThrownBy(() -> LocusChart.render(Map.of("temporalReadBudget", 500))).hasMessageContaining("temporalReadBudget");
  }

  @Test
  void watchNamespacesGiveARolePerNamespaceInsteadOfAClusterRole() {
    List<HasMetadata> cluster = LocusChart.render(Map.of());
    assertThat(cluster).filteredOn(o -> o.getKind().equals("ClusterRole")).singleElement();
    assertThat(LocusChart.ofKind(cluster, "Role", Role.class)).singleElement()
        .satisfies(r -> assertThat(r.getMetadata().getName()).isEqualTo("locus-leader-election"));

    List<HasMetadata> scoped = LocusChart.render(Map.of("watchNamespaces[0]", "files", "watchNamespaces[1]", "scans"));
    assertThat(scoped).extracting(HasMetadata::getKind).doesNotContain("ClusterRole", "ClusterRoleBinding");
    List<Role> roles = LocusChart.ofKind(scoped, "Role", Role.class);
    assertThat(roles).extracting(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
        .containsExactlyInAnyOrder("files/locus", "scans/locus", "locus-system/locus-leader-election");
    assertThat(LocusChart.ofKind(scoped, "RoleBinding", RoleBinding.class)).hasSize(3)
        .allSatisfy(b -> assertThat(b.getSubjects()).singleElement().satisfies(s -> {
          assertThat(s.getName()).isEqualTo("locus");
          assertThat(s.getNamespace()).isEqualTo("locus-system");
        }));
    ClusterRole clusterRole = LocusChart.ofKind(cluster, "ClusterRole", ClusterRole.class).get(0);
    assertThat(roles).filteredOn(r -> r.getMetadata().getName().equals("locus"))
        .allSatisfy(r -> assertThat(r.getRules()).isEqualTo(clusterRole.getRules()));
  }

  @Test
  void thePlainManifestsGrantWhatTheChartGrants() throws Exception {
    List<HasMetadata> chart = LocusChart.render(Map.of());
    List<HasMetadata> plain = new ArrayList<>();
    for (String doc : java.nio.file.Files.readString(Path.of("..", "deploy", "operator", "rbac.yaml"))
        .split("(?m)^---\\s*$")) {
      plain.add(Serialization.unmarshal(doc));
    }
    assertThat(LocusChart.ofKind(plain, "ClusterRole", ClusterRole.class).get(0).getRules())
        .isEqualTo(LocusChart.ofKind(chart, "ClusterRole", ClusterRole.class).get(0).getRules());
    assertThat(LocusChart.ofKind(plain, "Role", Role.class).get(0).getRules())
        .isEqualTo(LocusChart.ofKind(chart, "Role", Role.class).get(0).getRules());
  }
}
