package dev.locus.operator;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The charts, rendered through the real Helm library as `helm template` would. */
final class LocusChart {
  static final Path CHART = Path.of("..", "helm", "locus");
  static final Path CRDS_CHART = Path.of("..", "helm", "locus-crds");
  static final String RELEASE = "locus";
  static final String RELEASE_NAMESPACE = "locus-system";

  private LocusChart() {}

  /** The operator chart's objects for release {@value #RELEASE} in {@value #RELEASE_NAMESPACE}. */
  static List<HasMetadata> render(Map<String, Object> values) {
    var template = new Helm(CHART).template().withName(RELEASE).withNamespace(RELEASE_NAMESPACE)
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

  static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, String kind, Class<T> type) {
    return objects.stream().filter(o -> o.getKind().equals(kind)).map(type::cast).toList();
  }

  /** The operator's ServiceAccount, RBAC and nothing else: what an in-process operator needs to act as the chart's. */
  static List<HasMetadata> rbac(Map<String, Object> values) {
    return render(values).stream().filter(o -> o.getKind().equals("ServiceAccount")
        || o.getApiVersion().startsWith("rbac.authorization.k8s.io/")).toList();
  }

  static ControlPlane.ServiceAccountRef operatorAccount() {
    return new ControlPlane.ServiceAccountRef(RELEASE_NAMESPACE, RELEASE);
  }
}
