package dev.locus.operator;

import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The labels on everything the operator owns; informers watch only objects carrying {@link #MANAGED_SELECTOR}. */
public final class PoolLabels {
  public static final String POOL = "locus.dev/pool";
  public static final String ORDINAL = "locus.dev/ordinal";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "locus-operator";
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;
  public static final String WORKER = "worker";
  public static final String DRAIN = "drain";
  /** Pod annotation: "true" cordons the worker; it reads it through a downward-API volume. */
  public static final String CORDON = "locus.dev/cordon";

  private PoolLabels() {}

  /** Selects a pool's worker pods; immutable once a StatefulSet exists. */
  public static Map<String, String> selector(FileProcessingPool pool) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "locus-worker");
    labels.put("app.kubernetes.io/instance", pool.getMetadata().getName());
    labels.put(POOL, pool.getMetadata().getName());
    return labels;
  }

  public static Map<String, String> labels(FileProcessingPool pool, String component) {
    Map<String, String> labels = selector(pool);
    labels.put(COMPONENT, component);
    labels.put("app.kubernetes.io/part-of", "locus");
    labels.put(MANAGED_BY, OPERATOR);
    if (component.equals(DRAIN)) {
      labels.put("app.kubernetes.io/name", "locus-drain");
    }
    return labels;
  }

  /** The ordinal of the pool's worker named {@code name} (a pod, or a worker's identity: {@code <pool>-<n>}). */
  public static java.util.Optional<Integer> ordinal(FileProcessingPool pool, String name) {
    String prefix = pool.getMetadata().getName() + "-";
    String suffix = name.startsWith(prefix) ? name.substring(prefix.length()) : "";
    return suffix.matches("\\d{1,9}") ? java.util.Optional.of(Integer.parseInt(suffix)) : java.util.Optional.empty();
  }

  public static String selectorString(FileProcessingPool pool) {
    return selector(pool).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }
}
