package dev.locus.operator.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Which Temporal read goes next: only reads that are due (never made, or as old as their period), fresh ones before
 * background ones, and within a tier the most overdue for its period first. So the autoscaler's signals keep their
 * period as long as they fit the budget, and the rest share what is left, oldest first. Pure.
 */
public final class ReadSchedule {
  /** FRESH: a signal a decision waits on. BACKGROUND: a figure for dashboards and status. */
  public enum Tier { FRESH, BACKGROUND }

  /** @param lastReadNanos when it was last made (System.nanoTime), or null if never */
  public record Entry<K>(K key, Tier tier, Duration every, Long lastReadNanos) {}

  private ReadSchedule() {}

  public static <K> Optional<K> next(Collection<Entry<K>> entries, long nowNanos) {
    return entries.stream().filter(e -> overdue(e, nowNanos) >= 1)
        .min(Comparator.<Entry<K>, Tier>comparing(Entry::tier)
            .thenComparing(e -> overdue(e, nowNanos), Comparator.reverseOrder()))
        .map(Entry::key);
  }

  /** How many periods old the read is; infinite if it was never made. */
  static double overdue(Entry<?> e, long nowNanos) {
    return e.lastReadNanos() == null ? Double.POSITIVE_INFINITY
        : (nowNanos - e.lastReadNanos()) / (double) e.every().toNanos();
  }
}
