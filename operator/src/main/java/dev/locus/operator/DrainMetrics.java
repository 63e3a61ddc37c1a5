package dev.locus.operator;

import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.operator.dependent.DrainJobDependentResource;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * locus_drain_jobs{pool_namespace, pool, state} (state: active, succeeded, failed) and
 * locus_drained_tasks_total{pool_namespace, pool}, read from the termination message ("drained=N") that each
 * finished drain pod leaves; every pod is counted once.
 */
public final class DrainMetrics {
  private static final Pattern DRAINED = Pattern.compile("drained=(\\d+)");

  private final MeterRegistry registry;
  private final Map<String, Map<DrainPlanner.JobState, Integer>> jobs = new ConcurrentHashMap<>();
  private final Map<String, Counter> drained = new ConcurrentHashMap<>();
  private final Set<String> countedPods = ConcurrentHashMap.newKeySet();

  public DrainMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void observe(FileProcessingPool pool, Collection<Job> poolJobs, Collection<Pod> drainPods) {
    String key = key(pool);
    Map<DrainPlanner.JobState, Integer> counts = jobs.computeIfAbsent(key, k -> register(pool));
    Map<DrainPlanner.JobState, Integer> now = new EnumMap<>(DrainPlanner.JobState.class);
    for (DrainPlanner.JobState s : DrainPlanner.JobState.values()) {
      now.put(s, 0);
    }
    poolJobs.forEach(j -> now.merge(DrainJobDependentResource.state(j), 1, Integer::sum));
    counts.putAll(now);
    for (Pod pod : drainPods) {
      if (!pool.getMetadata().getName().equals(pod.getMetadata().getLabels().get(PoolLabels.POOL))
          || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
        continue;
      }
      for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
        var terminated = c.getState() == null ? null : c.getState().getTerminated();
        if (terminated != null && terminated.getMessage() != null
            && countedPods.add(pod.getMetadata().getUid() + "/" + c.getName())) {
          Matcher m = DRAINED.matcher(terminated.getMessage());
          if (m.find()) {
            drained.get(key).increment(Long.parseLong(m.group(1)));
          }
        }
      }
    }
  }

  public void forget(FileProcessingPool pool) {
    String key = key(pool);
    if (jobs.remove(key) != null) {
      registry.getMeters().stream().filter(m -> key.equals(m.getId().getTag("pool_namespace") + "/"
          + m.getId().getTag("pool")) && m.getId().getName().startsWith("locus.drain")).forEach(registry::remove);
      drained.remove(key);
    }
  }

  private Map<DrainPlanner.JobState, Integer> register(FileProcessingPool pool) {
    Tags tags = Tags.of("pool_namespace", pool.getMetadata().getNamespace(), "pool", pool.getMetadata().getName());
    Map<DrainPlanner.JobState, Integer> counts = new ConcurrentHashMap<>();
    for (DrainPlanner.JobState s : DrainPlanner.JobState.values()) {
      counts.put(s, 0);
      Gauge.builder("locus.drain.jobs", counts, c -> c.getOrDefault(s, 0))
          .description("Drain Jobs of the pool, by state").tags(tags.and("state", s.name().toLowerCase()))
          .register(registry);
    }
    drained.put(key(pool), Counter.builder("locus.drained.tasks").description(
        "Tasks failed as QueueDrained by the pool's drain Jobs").tags(tags).register(registry));
    return counts;
  }

  private static String key(FileProcessingPool pool) {
    return pool.getMetadata().getNamespace() + "/" + pool.getMetadata().getName();
  }
}
