package dev.locus.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator process, in-cluster or against the current kubeconfig. Environment: LOCUS_WATCH_NAMESPACES (comma
 * separated; empty: all), LOCUS_LEADER_ELECTION (true/false; default true in a pod), LOCUS_LEADER_ELECTION_NAMESPACE.
 */
public final class LocusOperator {
  private static final Logger log = LoggerFactory.getLogger(LocusOperator.class);

  private LocusOperator() {}

  public static void main(String[] args) {
    KubernetesClient client = new KubernetesClientBuilder().build();
    Operator operator = create(client, leaderElection());
    operator.start();
    log.info("Locus operator started against {}", client.getMasterUrl());
  }

  /** An operator with the FileProcessingPool controller registered, not started. */
  public static Operator create(KubernetesClient client, LeaderElectionConfiguration leaderElection) {
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withUseSSAToPatchPrimaryResource(false);
      if (leaderElection != null) {
        o.withLeaderElectionConfiguration(leaderElection);
      }
    });
    Set<String> namespaces = watchNamespaces();
    operator.register(new FileProcessingPoolReconciler(), c -> {
      if (!namespaces.isEmpty()) {
        c.settingNamespaces(namespaces);
      }
    });
    return operator;
  }

  private static Set<String> watchNamespaces() {
    String value = System.getenv().getOrDefault("LOCUS_WATCH_NAMESPACES", "");
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }

  private static LeaderElectionConfiguration leaderElection() {
    boolean inPod = System.getenv("KUBERNETES_SERVICE_HOST") != null;
    boolean enabled = Boolean.parseBoolean(System.getenv().getOrDefault("LOCUS_LEADER_ELECTION",
        String.valueOf(inPod)));
    if (!enabled) {
      return null;
    }
    LeaderElectionConfigurationBuilder builder = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
        "locus-operator-leader");
    String ns = System.getenv("LOCUS_LEADER_ELECTION_NAMESPACE");
    if (ns != null && !ns.isBlank()) {
      builder.withLeaseNamespace(ns);
    }
    return builder.build();
  }
}
