package dev.locus.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.operator.cli.CordonCommands;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** locus cordon / uncordon on worker pods of the real API server. */
class CordonCommandsApiServerIT {
  private ControlPlane controlPlane;
  private KubernetesClient client;
  private String ns;

  private record Run(int exit, String out, String err) {}

  @BeforeEach
  void realApiServer() {
    controlPlane = ControlPlane.get();
    client = controlPlane.admin();
    ns = controlPlane.namespace("cordon");
    client.resource(pod("files-0", Map.of(PoolLabels.POOL, "files", PoolLabels.COMPONENT, PoolLabels.WORKER)))
        .create();
    client.resource(pod("files-1", Map.of(PoolLabels.POOL, "files", PoolLabels.COMPONENT, PoolLabels.WORKER)))
        .create();
    client.resource(pod("web", Map.of("app", "web"))).create();
  }

  private Pod pod(String name, Map<String, String> labels) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(labels).endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("example.com/c:1").endContainer().endSpec().build();
  }

  private Run locus(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = CordonCommands.commandLine(controlPlane::admin);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private String cordonOf(String pod) {
    Map<String, String> annotations = client.pods().inNamespace(ns).withName(pod).get().getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(PoolLabels.CORDON);
  }

  @Test
  void cordonsAndUncordonsWorkerPods() {
    Run cordon = locus("cordon", "-n", ns, "files-0", "files-1");
    assertThat(cordon.exit()).as(cordon.err()).isZero();
    assertThat(cordon.out()).contains("pod/files-0 cordoned").contains("pod/files-1 cordoned");
    assertThat(cordonOf("files-0")).isEqualTo("true");
    assertThat(cordonOf("files-1")).isEqualTo("true");
    assertThat(locus("cordon", "-n", ns, "files-0").out()).contains("pod/files-0 already cordoned");

    Run uncordon = locus("uncordon", "--namespace", ns, "files-1");
    assertThat(uncordon.exit()).isZero();
    assertThat(cordonOf("files-1")).isNull();
    assertThat(cordonOf("files-0")).isEqualTo("true");
  }

  @Test
  void uncordonsAWorkerTheOperatorCordoned() {
    // As the operator's executor does it: server-side apply under its own field manager.
    client.pods().resource(new PodBuilder().withNewMetadata().withName("files-0").withNamespace(ns)
            .withAnnotations(Map.of(PoolLabels.CORDON, "true")).endMetadata().build())
        .fieldManager(PoolExecutor.CORDON_MANAGER).forceConflicts().serverSideApply();
    assertThat(cordonOf("files-0")).isEqualTo("true");

    assertThat(locus("uncordon", "-n", ns, "files-0").exit()).isZero();
    assertThat(cordonOf("files-0")).isNull();
  }

  @Test
  void aMissingPodOrOneThatIsNoWorkerChangesNothing() {
    Run r = locus("cordon", "-n", ns, "files-0", "files-9", "web");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("locus cordon: ").contains("pod " + ns + "/files-9 not found")
        .contains("pod " + ns + "/web is not a Locus worker").contains("nothing changed");
    assertThat(cordonOf("files-0")).as("the good pod named with them").isNull();
  }
}
