package dev.locus.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * On a real Kubernetes API server (k3s in Docker): install the CRD, run the operator, apply a pool, see the
 * StatefulSet and its pods' ordinals, scale through /scale. Needs Docker and the k3s image; skipped, saying so,
 * where there is neither (as on the machines that build Locus today).
 */
class RealClusterE2ETest {
  @Test
  void aPoolOnARealClusterBecomesAStatefulSetAndScales() throws Exception {
    boolean docker;
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      docker = false;
    }
    Assumptions.assumeTrue(docker, "skipped: no Docker engine here, so no k3s cluster can be started"
        + " (runs wherever Docker can pull rancher/k3s)");
    try (K3sContainer k3s = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"))) {
      k3s.start();
      try (KubernetesClient client = new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build()) {
        try (InputStream in = Files.newInputStream(CrdSchemaTest.CRD)) {
          client.resource(Serialization.unmarshal(in, CustomResourceDefinition.class)).create();
        }
        client.resource(new NamespaceBuilder().withNewMetadata().withName("files").endMetadata().build()).create();
        Operator operator = LocusOperator.create(client, null);
        operator.start();
        try {
          client.resource(FileProcessingPoolOperatorTest.pool("e2e", 2)).create();
          await().atMost(Duration.ofMinutes(2)).until(() ->
              client.apps().statefulSets().inNamespace("files").withName("e2e").get() != null);
          client.resources(FileProcessingPool.class).inNamespace("files").withName("e2e").scale(3);
          await().atMost(Duration.ofMinutes(2)).until(() ->
              client.apps().statefulSets().inNamespace("files").withName("e2e").get().getSpec().getReplicas() == 3);
          assertThat(client.resources(FileProcessingPool.class).inNamespace("files").withName("e2e").get()
              .getStatus().selector).contains("locus.dev/pool=e2e");
        } finally {
          operator.stop();
        }
      }
    }
  }
}
