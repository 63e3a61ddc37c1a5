package dev.locus.operator;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import dev.locus.testing.RealDependency;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.cert.CertManager;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Kubernetes control plane for the {@code *ApiServerIT} classes, one per test JVM: etcd and kube-apiserver
 * started by fabric8's kube-api-test, plus kube-controller-manager with the real StatefulSet, Job, garbage-collection
 * and namespace controllers. There is no scheduler and no kubelet: {@link TestKubelet} plays the kubelet.
 *
 * <p>The API server writes an audit log, so a test can see every request an impersonated identity made, and which of
 * them the server refused.
 */
final class ControlPlane {
  static final String VERSION = "1.34.4";
  private static final String CONTROLLERS = "statefulset-controller,job-controller,garbage-collector-controller,"
      + "namespace-controller";
  private static ControlPlane running;

  private final KubeAPIServer apiServer;
  private final Process controllerManager;
  private final Path work;
  private final Path auditLog;
  private final String kubeconfig;
  private final Path adminKubeconfig;
  private final Path binaries;
  private boolean crdsInstalled;

  private ControlPlane(Path binaries, String testDir) throws IOException {
    work = Path.of("target", "control-plane").toAbsolutePath();
    Files.createDirectories(work);
    Path policy = work.resolve("audit-policy.yaml");
    Files.writeString(policy, """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: [RequestReceived]
        rules:
          - level: None
            nonResourceURLs: ["*"]
          - level: Metadata
        """);
    auditLog = work.resolve("audit.log");
    Files.deleteIfExists(auditLog);
    apiServer = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withTestDir(testDir)
        .withApiServerVersion(VERSION)
        .withOfflineMode(true)
        .withUpdateKubeConfig(false)
        .withApiServerFlag("--audit-policy-file", policy.toString())
        .withApiServerFlag("--audit-log-path", auditLog.toString())
        .withApiServerFlag("--audit-log-mode", "blocking")
        // as hardened clusters and OpenShift run: owner references that block deletion need rights on the owner
        .withApiServerFlag("--enable-admission-plugins", "OwnerReferencesPermissionEnforcement")
        .build());
    apiServer.start();
    kubeconfig = apiServer.getKubeConfigYaml();
    this.binaries = binaries;
    adminKubeconfig = work.resolve("admin.kubeconfig");
    Files.writeString(adminKubeconfig, kubeconfig);
    CertManager certs = new CertManager(testDir);
    controllerManager = new ProcessBuilder(binaries.resolve("kube-controller-manager").toString(),
        "--kubeconfig=" + adminKubeconfig, "--leader-elect=false", "--secure-port=0",
        "--service-account-private-key-file=" + certs.getAPIServerKeyPath(),
        "--root-ca-file=" + certs.getAPIServerCertPath(),
        "--controllers=" + CONTROLLERS)
        .redirectErrorStream(true).redirectOutput(work.resolve("kube-controller-manager.log").toFile()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "control-plane-stop"));
  }

  /** The control plane, started on first use; skips the calling test (fails it in CI) when it is not built here. */
  static synchronized ControlPlane get() {
    String testDir = System.getenv().getOrDefault(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR,
        Path.of(System.getProperty("user.home"), KubeAPIServerConfigBuilder.DIRECTORY_NAME).toString());
    Path binaries = Path.of(testDir, "k8s", VERSION + "-linux-amd64");
    RealDependency.require(List.of("etcd", "kube-apiserver", "kube-controller-manager", "kubectl").stream()
            .allMatch(b -> Files.isExecutable(binaries.resolve(b))),
        "the Kubernetes " + VERSION + " control plane (in " + binaries + ")", "bash .ci/build-control-plane.sh");
    if (running == null) {
      try {
        running = new ControlPlane(binaries, testDir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return running;
  }

  /** The admin's kubeconfig file, for Helm and kubectl. */
  Path adminKubeconfig() {
    return adminKubeconfig;
  }

  /** A client with every right (its certificate is in system:masters). */
  KubernetesClient admin() {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
  }

  /** A client that acts as the ServiceAccount, with only the rights RBAC gives it. */
  KubernetesClient as(ServiceAccountRef account) {
    Config config = Config.fromKubeconfig(kubeconfig);
    config.setImpersonateUsername(account.username());
    config.setImpersonateGroups(account.groups().toArray(String[]::new));
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * JVM options that make fabric8 act as the account (it does not read `as:` from a kubeconfig): for an operator run
   * in its own process with the admin's kubeconfig.
   */
  List<String> impersonating(ServiceAccountRef account) {
    return List.of("-D" + Config.KUBERNETES_IMPERSONATE_USERNAME + "=" + account.username(),
        "-D" + Config.KUBERNETES_IMPERSONATE_GROUP + "=" + String.join(",", account.groups()));
  }

  /** Applies objects as their owner would (server-side apply, forced), creating their namespaces if needed. */
  void apply(List<? extends HasMetadata> objects) {
    try (KubernetesClient admin = admin()) {
      for (HasMetadata o : objects) {
        String ns = o.getMetadata().getNamespace();
        if (ns != null && admin.namespaces().withName(ns).get() == null) {
          admin.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
              .createOr(NonDeletingOperation::update);
        }
        admin.resource(o).forceConflicts().serverSideApply();
      }
    }
  }

  /** The FileProcessingPool CRD, installed once by the chart that owns it, and Established. */
  synchronized void installCrd() {
    if (!crdsInstalled) {
      new Helm(LocusChart.CRDS_CHART).install().withName("locus-crds").withNamespace(LocusChart.RELEASE_NAMESPACE)
          .createNamespace().withKubeConfig(adminKubeconfig).call();
      crdsInstalled = true;
    }
    try (KubernetesClient admin = admin(); InputStream in = Files.newInputStream(CrdSchemaTest.CRD)) {
      CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
      admin.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
          .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions().stream()
              .anyMatch(k -> k.getType().equals("Established") && k.getStatus().equals("True")), 30, TimeUnit.SECONDS);
      // Established comes a moment before discovery serves the new kind, which kubectl needs
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> admin.getApiResources(
          crd.getSpec().getGroup() + "/" + crd.getSpec().getVersions().get(0).getName()).getResources().stream()
          .anyMatch(r -> r.getName().equals(crd.getSpec().getNames().getPlural())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new namespace, named after the test. */
  String namespace(String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    try (KubernetesClient admin = admin()) {
      admin.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }
    return name;
  }

  /** A request the API server audited: who, what, and its answer. */
  record Request(String user, String verb, String group, String resource, String subresource, String namespace,
      String name, int code) {
    String describe() {
      return verb + " " + (group.isEmpty() ? "" : group + "/") + resource
          + (subresource.isEmpty() ? "" : "/" + subresource) + (namespace.isEmpty() ? "" : " in " + namespace)
          + " -> " + code;
    }
  }

  /** Every request the account made so far, impersonated or with its own token. */
  List<Request> requestsBy(ServiceAccountRef account) {
    ObjectMapper json = new ObjectMapper();
    List<Request> requests = new ArrayList<>();
    try (var lines = Files.lines(auditLog)) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (!line.contains(account.username())) {
          continue;
        }
        JsonNode event = json.readTree(line);
        String user = event.path("impersonatedUser").path("username").asText(event.path("user").path("username")
            .asText());
        // a watch is audited when its response starts (and again only when it ends)
        String complete = event.path("verb").asText().equals("watch") ? "ResponseStarted" : "ResponseComplete";
        if (!user.equals(account.username()) || !event.path("stage").asText().equals(complete)) {
          continue;
        }
        JsonNode ref = event.path("objectRef");
        requests.add(new Request(user, event.path("verb").asText(), ref.path("apiGroup").asText(),
            ref.path("resource").asText(), ref.path("subresource").asText(), ref.path("namespace").asText(),
            ref.path("name").asText(), event.path("responseStatus").path("code").asInt()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return requests;
  }

  /** Runs the control plane's kubectl as the admin, returning what it printed; fails on a non-zero exit. */
  String kubectl(String... args) {
    List<String> command = new ArrayList<>(List.of(binaries.resolve("kubectl").toString(),
        "--kubeconfig=" + adminKubeconfig, "--cache-dir=" + work.resolve("kubectl-cache")));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("kubectl " + String.join(" ", args) + " failed:\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The kube-apiserver's own /version, as `kubectl version` shows it. */
  String serverVersion() {
    try (KubernetesClient admin = admin()) {
      return admin.getKubernetesVersion().getGitVersion();
    }
  }

  private void stop() {
    controllerManager.destroy();
    try {
      controllerManager.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    apiServer.stop();
  }

  /** A ServiceAccount, as RBAC and impersonation name it. */
  record ServiceAccountRef(String namespace, String name) {
    String username() {
      return "system:serviceaccount:" + namespace + ":" + name;
    }

    List<String> groups() {
      return List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
    }
  }
}
