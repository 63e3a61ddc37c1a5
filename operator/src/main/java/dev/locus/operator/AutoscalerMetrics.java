package dev.locus.operator;

import dev.locus.operator.api.v1alpha1.AutoscalingStatus;
import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the autoscaler of each autoscaled pool sees and wants: locus_pool_sessions_open, locus_pool_sessions_waiting,
 * locus_pool_replicas_recommended and locus_pool_replicas_wanted {pool_namespace, pool}.
 */
public final class AutoscalerMetrics {
  private final MeterRegistry registry;
  private final Map<String, Reading> readings = new ConcurrentHashMap<>();
  private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();

  private static final class Reading {
    volatile double open = Double.NaN;
    volatile double waiting = Double.NaN;
    volatile double recommended = Double.NaN;
    volatile double wanted = Double.NaN;
  }

  public AutoscalerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Records a pool's autoscaler status and the replicas it has now; a null status (autoscaling off) forgets it. */
  public void observe(FileProcessingPool pool, AutoscalingStatus status, int replicas) {
    if (status == null) {
      forget(pool);
      return;
    }
    Reading r = readings.computeIfAbsent(key(pool), k -> register(pool));
    r.open = status.sessionsOpen == null ? Double.NaN : status.sessionsOpen;
    r.waiting = status.sessionsWaiting == null ? Double.NaN : status.sessionsWaiting;
    r.recommended = status.recommendedReplicas == null ? Double.NaN : status.recommendedReplicas;
    r.wanted = replicas;
  }

  public void forget(FileProcessingPool pool) {
    readings.remove(key(pool));
    List<Meter> gone = meters.remove(key(pool));
    if (gone != null) {
      gone.forEach(registry::remove);
    }
  }

  private Reading register(FileProcessingPool pool) {
    Reading r = new Reading();
    Tags tags = Tags.of("pool_namespace", pool.getMetadata().getNamespace(), "pool", pool.getMetadata().getName());
    meters.put(key(pool), List.of(
        Gauge.builder("locus.pool.sessions.open", r, x -> x.open).tags(tags)
            .description("sessions open on the pool's workers, from their heartbeats").register(registry),
        Gauge.builder("locus.pool.sessions.waiting", r, x -> x.waiting).tags(tags)
            .description("sessions waiting for a slot on the pool's lease queue").register(registry),
        Gauge.builder("locus.pool.replicas.recommended", r, x -> x.recommended).tags(tags)
            .description("replicas the autoscaler's signals ask for, before stabilization").register(registry),
        Gauge.builder("locus.pool.replicas.wanted", r, x -> x.wanted).tags(tags)
            .description("spec.replicas as the autoscaler left it").register(registry)));
    return r;
  }

  private static String key(FileProcessingPool pool) {
    return pool.getMetadata().getNamespace() + "/" + pool.getMetadata().getName();
  }
}
