package dev.locus.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * `helm install` of both charts onto the real kube-apiserver (helm-java: the real Helm library, storing its releases
 * in the cluster), after which the operator, acting as the chart's ServiceAccount with the chart's RBAC, reconciles
 * the chart's example pool.
 */
class HelmApiServerIT {
  private static final String RELEASE = "locus-helm";
  private static final String RELEASE_NAMESPACE = "helm-system";

  @Test
  void bothChartsInstallAndTheOperatorReconcilesTheExamplePoolWithOnlyARoleInItsNamespace() {
    ControlPlane controlPlane = ControlPlane.get();
    controlPlane.installCrd();
    String elsewhere = controlPlane.namespace("elsewhere");

    Release release = new Helm(LocusChart.CHART).install().withName(RELEASE).withNamespace(RELEASE_NAMESPACE)
        .createNamespace().withKubeConfig(controlPlane.adminKubeconfig())
        .set("examplePool.enabled", true).set("watchNamespaces[0]", RELEASE_NAMESPACE).call();
    assertThat(release.getStatus()).isEqualTo("deployed");
    assertThat(Helm.list().withKubeConfig(controlPlane.adminKubeconfig()).allNamespaces().all().call())
        .extracting(r -> r.getName() + "/" + r.getNamespace() + "/" + r.getStatus())
        .contains("locus-crds/" + LocusChart.RELEASE_NAMESPACE + "/deployed", RELEASE + "/" + RELEASE_NAMESPACE + "/deployed");

    try (KubernetesClient admin = controlPlane.admin()) {
      var crd = admin.apiextensions().v1().customResourceDefinitions().withName("fileprocessingpools.locus.dev").get();
      assertThat(crd.getMetadata().getLabels()).as("owned by one chart: locus-crds")
          .containsEntry("app.kubernetes.io/managed-by", "Helm");
      assertThat(crd.getMetadata().getAnnotations()).containsEntry("meta.helm.sh/release-name", "locus-crds");
      assertThat(admin.rbac().clusterRoles().withName(RELEASE).get()).as("watchNamespaces: Roles only").isNull();
      assertThat(admin.rbac().roles().inNamespace(RELEASE_NAMESPACE).list().getItems())
          .extracting(r -> r.getMetadata().getName()).containsExactlyInAnyOrder(RELEASE, RELEASE + "-leader-election");
      assertThat(admin.apps().deployments().inNamespace(RELEASE_NAMESPACE).withName(RELEASE).get()).isNotNull();
    }

    ControlPlane.ServiceAccountRef account = new ControlPlane.ServiceAccountRef(RELEASE_NAMESPACE, RELEASE);
    try (KubernetesClient asOperator = controlPlane.as(account); KubernetesClient admin = controlPlane.admin()) {
      assertThat(allowed(asOperator, "list", "pods", RELEASE_NAMESPACE)).isTrue();
      assertThat(allowed(asOperator, "list", "pods", elsewhere)).as("a namespace it does not watch").isFalse();
      assertThat(allowed(asOperator, "list", "pods", null)).as("cluster-wide").isFalse();
      assertThat(allowed(asOperator, "create", "leases", elsewhere)).isFalse();

      Operator operator = LocusOperator.create(asOperator, LeaderElectionConfigurationBuilder
          .aLeaderElectionConfiguration("locus-operator-leader").withLeaseNamespace(RELEASE_NAMESPACE)
          .withExitOnStopLeading(false).build(), new SimpleMeterRegistry(), Set.of(RELEASE_NAMESPACE));
      operator.start();
      try {
        await().atMost(Duration.ofSeconds(60)).until(() ->
            admin.apps().statefulSets().inNamespace(RELEASE_NAMESPACE).withName("files").get() != null);
        assertThat(admin.apps().statefulSets().inNamespace(RELEASE_NAMESPACE).withName("files").get().getSpec()
            .getReplicas()).isEqualTo(2);
      } finally {
        operator.stop();
      }
      assertThat(controlPlane.requestsBy(account)).as("requests the API server refused the chart's ServiceAccount")
          .filteredOn(r -> r.code() == 403).extracting(ControlPlane.Request::describe).isEmpty();
    }
  }

  private static boolean allowed(KubernetesClient client, String verb, String resource, String namespace) {
    SelfSubjectAccessReview review = client.authorization().v1().selfSubjectAccessReview().create(
        new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes().withVerb(verb)
            .withResource(resource).withGroup(resource.equals("leases") ? "coordination.k8s.io" : "")
            .withNamespace(namespace).endResourceAttributes().endSpec().build());
    return review.getStatus().getAllowed();
  }
}
