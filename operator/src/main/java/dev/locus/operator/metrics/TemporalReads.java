package dev.locus.operator.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every read the operator makes of Temporal (task-queue stats, worker heartbeats), under one budget of calls per
 * second: one thread, one call slot per tick, in the order {@link ReadSchedule} gives. A read that made several calls
 * (pages, a worker described one by one) pays for each with the ticks after it. Nothing due, nothing called.
 */
public final class TemporalReads implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TemporalReads.class);

  /** Makes its calls and says how many it made. */
  @FunctionalInterface
  public interface Read {
    int calls();
  }

  private record Job(ReadSchedule.Tier tier, Duration every, Read read, Long lastReadNanos) {}

  private final Map<Object, Job> jobs = new ConcurrentHashMap<>();
  private final ScheduledExecutorService loop;
  private final double callsPerSecond;
  private long owed;

  public TemporalReads(double callsPerSecond) {
    if (callsPerSecond <= 0) {
      throw new IllegalArgumentException("the Temporal read budget must be positive, got " + callsPerSecond);
    }
    this.callsPerSecond = callsPerSecond;
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "locus-temporal-reads");
      t.setDaemon(true);
      return t;
    });
    long periodMicros = (long) (1_000_000 / callsPerSecond);
    loop.scheduleAtFixedRate(this::tick, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
  }

  public double callsPerSecond() {
    return callsPerSecond;
  }

  /**
   * Makes {@code read} every {@code every} from now on. A key already scheduled keeps when it was last read, unless it
   * just became {@link ReadSchedule.Tier#FRESH}: then a decision waits on it, and it is due at once.
   */
  public void schedule(Object key, ReadSchedule.Tier tier, Duration every, Read read) {
    jobs.merge(key, new Job(tier, every, read, null), (old, now) -> new Job(tier, every, read,
        tier == ReadSchedule.Tier.FRESH && old.tier() != ReadSchedule.Tier.FRESH ? null : old.lastReadNanos()));
  }

  public void cancel(Object key) {
    jobs.remove(key);
  }

  private void tick() {
    if (owed > 0) {
      owed--;
      return;
    }
    long now = System.nanoTime();
    List<ReadSchedule.Entry<Object>> entries = jobs.entrySet().stream()
        .map(e -> new ReadSchedule.Entry<>(e.getKey(), e.getValue().tier(), e.getValue().every(),
            e.getValue().lastReadNanos()))
        .toList();
    ReadSchedule.next(entries, now).ifPresent(key -> {
      Job job = jobs.computeIfPresent(key, (k, j) -> new Job(j.tier(), j.every(), j.read(), now));
      if (job == null) {
        return;
      }
      int calls = 1;
      try {
        calls = job.read().calls();
      } catch (RuntimeException e) {
        log.warn("Temporal read {} failed: {}", key, e.toString());
      }
      owed += Math.max(0, calls - 1);
    });
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
