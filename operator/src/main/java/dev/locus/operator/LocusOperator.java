package dev.locus.operator;

import dev.locus.health.HealthServer;
import dev.locus.operator.metrics.QueueDepthExporter;
import dev.locus.operator.metrics.SessionCensus;
import dev.locus.operator.metrics.TemporalReads;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator process, in-cluster or against the current kubeconfig, configured by the environment ({@link #USAGE};
 * the default read budget, 20 calls/s at most, is well under the 50/s a namespace allows).
 */
public final class LocusOperator {
  private static final Logger log = LoggerFactory.getLogger(LocusOperator.class);

  private LocusOperator() {}

  static final String USAGE = """
      Usage: locus operator [-h]
      Runs the Locus operator (FileProcessingPool -> StatefulSet of workers) against the current kubeconfig
      (KUBECONFIG or ~/.kube/config), or in-cluster with its ServiceAccount.

      Environment:
        LOCUS_WATCH_NAMESPACES            comma-separated namespaces to watch (default: all)
        LOCUS_LEADER_ELECTION             true/false (default: true in a pod)
        LOCUS_LEADER_ELECTION_NAMESPACE   where the lease lives (default: the pod's namespace)
        LOCUS_OPERATOR_HTTP_PORT          /healthz, /readyz and /metrics (default 8080)
        LOCUS_TEMPORAL_READ_BUDGET        calls per second to Temporal over all pools, at most (default 20)
      """;

  public static void main(String[] args) throws java.io.IOException {
    if (args.length > 0) {
      boolean help = args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"));
      (help ? System.out : System.err).print(help ? USAGE : "locus operator: unknown argument '" + args[0]
          + "'; the operator takes its settings from the environment\n" + USAGE);
      System.exit(help ? 0 : 2);
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicBoolean leading = new AtomicBoolean();
    LeaderElectionConfiguration leaderElection = leaderElection(leading);
    Operator operator = create(client, leaderElection, registry);
    new HealthServer("0.0.0.0", Integer.parseInt(env("LOCUS_OPERATOR_HTTP_PORT", "8080")), registry::scrape,
        () -> OperatorReadiness.notReadyReason(operator.getRuntimeInfo(), leaderElection != null && !leading.get()));
    operator.start();
    log.info("Locus operator started against {}", client.getMasterUrl());
  }

  /** An operator with the FileProcessingPool controller registered, not started. */
  public static Operator create(KubernetesClient client, LeaderElectionConfiguration leaderElection) {
    return create(client, leaderElection, new SimpleMeterRegistry());
  }

  public static Operator create(KubernetesClient client, LeaderElectionConfiguration leaderElection,
      MeterRegistry registry) {
    return create(client, leaderElection, registry, watchNamespaces());
  }

  /**
   * An operator that starts even where an informer cannot list yet (RBAC not granted yet, an API server restarting):
   * its informers keep retrying, and /readyz says which are not watching until they are.
   *
   * @param namespaces the namespaces whose pools it reconciles; empty: all
   */
  public static Operator create(KubernetesClient client, LeaderElectionConfiguration leaderElection,
      MeterRegistry registry, Set<String> namespaces) {
    java.util.function.Function<String, WorkflowServiceStubs> stubs = address -> WorkflowServiceStubs
        .newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    TemporalReads reads = new TemporalReads(Double.parseDouble(env("LOCUS_TEMPORAL_READ_BUDGET", "20")));
    QueueDepthExporter queueDepth = new QueueDepthExporter(registry, stubs, reads, Duration.ofSeconds(5));
    SessionCensus census = new SessionCensus(stubs, reads, java.time.Clock.systemUTC());
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withMetrics(MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build())
          .withStopOnInformerErrorDuringStartup(false)
          .withCacheSyncTimeout(Duration.ofSeconds(30));
      if (leaderElection != null) {
        o.withLeaderElectionConfiguration(leaderElection);
      }
    });
    operator.register(new FileProcessingPoolReconciler(queueDepth, census, new DrainMetrics(registry),
        new AutoscalerMetrics(registry)), c -> {
      if (!namespaces.isEmpty()) {
        c.settingNamespaces(namespaces);
      }
    });
    return operator;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static Set<String> watchNamespaces() {
    String value = System.getenv().getOrDefault("LOCUS_WATCH_NAMESPACES", "");
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }

  /** @param leading set while this replica leads */
  private static LeaderElectionConfiguration leaderElection(AtomicBoolean leading) {
    boolean inPod = System.getenv("KUBERNETES_SERVICE_HOST") != null;
    boolean enabled = Boolean.parseBoolean(System.getenv().getOrDefault("LOCUS_LEADER_ELECTION",
        String.valueOf(inPod)));
    if (!enabled) {
      return null;
    }
    LeaderElectionConfigurationBuilder builder = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
        "locus-operator-leader").withLeaderCallbacks(new LeaderCallbacks(() -> leading.set(true),
            () -> leading.set(false), identity -> { }));
    String ns = System.getenv("LOCUS_LEADER_ELECTION_NAMESPACE");
    if (ns != null && !ns.isBlank()) {
      builder.withLeaseNamespace(ns);
    }
    return builder.build();
  }
}
