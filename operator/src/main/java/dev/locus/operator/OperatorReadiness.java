package dev.locus.operator;

import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * /readyz of the operator: ready once started and while every informer watches; otherwise which ones do not. A
 * standby replica (leader election on, another replica leads) watches nothing yet and is ready to take over.
 */
final class OperatorReadiness {
  private OperatorReadiness() {}

  static Optional<String> notReadyReason(RuntimeInfo runtime, boolean standby) {
    if (standby) {
      return Optional.empty();
    }
    if (!runtime.isStarted()) {
      return Optional.of("starting: waiting for the informers' first lists");
    }
    if (runtime.allEventSourcesAreHealthy()) {
      return Optional.empty();
    }
    List<String> unhealthy = new ArrayList<>();
    runtime.unhealthyInformerWrappingEventSourceHealthIndicator().forEach((controller, sources) ->
        sources.forEach((source, indicator) -> {
          Map<String, InformerHealthIndicator> informers = new TreeMap<>(indicator.informerHealthIndicators());
          informers.forEach((namespace, informer) -> {
            if (informer.getStatus() != Status.HEALTHY) {
              unhealthy.add(describe(controller, source, namespace, informer));
            }
          });
        }));
    runtime.unhealthyEventSources().forEach((controller, sources) -> sources.keySet().stream()
        .filter(source -> unhealthy.stream().noneMatch(u -> u.startsWith(controller + "/" + source + " ")))
        .forEach(source -> unhealthy.add(controller + "/" + source + " is unhealthy")));
    return Optional.of("not watching: " + String.join("; ", unhealthy));
  }

  private static String describe(String controller, String source, String namespace,
      InformerHealthIndicator informer) {
    String where = namespace == null || namespace.equals(Constants.WATCH_ALL_NAMESPACES) ? "all namespaces" : namespace;
    String state = !informer.isRunning() ? "stopped" : !informer.hasSynced() ? "not synced" : "not watching";
    return controller + "/" + source + " in " + where + ": " + state;
  }

}
