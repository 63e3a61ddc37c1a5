package dev.locus.operator;

import dev.locus.operator.api.v1alpha1.ScaleDownStatus;
import dev.locus.operator.metrics.SessionCensus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decides a gentle scale-down. The workers that will leave are cordoned (they take no new session) and the
 * StatefulSet keeps them until their open sessions have finished, or until the timeout; only then does it shrink,
 * and only what is still open at that point is drained and re-routed. Raising replicas again meanwhile uncordons
 * them. Where the sessions cannot be counted (no worker heartbeats from the server), it waits {@link #UNCOUNTED}
 * at most, for the first count.
 */
public final class ScaleDownPlanner {
  /** How long a scale-down waits for a first count of sessions before it gives up on counting. */
  static final Duration UNCOUNTED = Duration.ofSeconds(15);
  /** How often a waiting scale-down looks again. */
  static final Duration RECHECK = Duration.ofSeconds(2);
  /**
   * A worker's count is trusted once it reported this long after it was cordoned: an earlier heartbeat may predate
   * a session it took before it saw the cordon.
   */
  static final Duration SETTLE = Duration.ofSeconds(5);

  /**
   * @param statefulSetReplicas what the StatefulSet gets now
   * @param cordon the ordinals whose workers should be cordoned
   * @param uncordon the ordinals this operator cordoned before that should not be any more
   * @param status what status says of the scale-down; null when none is waiting
   * @param waiting why the scale-down waits, for the Progressing condition; null when it does not
   * @param recheck when to look again while waiting; null when not waiting
   */
  public record Decision(int statefulSetReplicas, SortedSet<Integer> cordon, SortedSet<Integer> uncordon,
      ScaleDownStatus status, String waiting, Duration recheck) {}

  private ScaleDownPlanner() {}

  /**
   * @param wanted spec.replicas
   * @param current the StatefulSet's spec.replicas; null if there is no StatefulSet yet
   * @param livePods ordinals of the worker pods that exist
   * @param sessions each worker's open sessions and when it reported them; empty if not (yet) counted. A leaving
   *     worker that reports nothing has nothing to wait for
   * @param previous status.scaleDown from last time, or null
   * @param timeout spec.scaleDown.sessionTimeoutSeconds
   */
  public static Decision decide(int wanted, Integer current, Set<Integer> livePods,
      Optional<Map<Integer, SessionCensus.Reading>> sessions, ScaleDownStatus previous, Duration timeout,
      Instant now) {
    SortedSet<Integer> leaving = livePods.stream().filter(o -> o >= wanted && current != null && o < current)
        .collect(Collectors.toCollection(TreeSet::new));
    SortedSet<Integer> cordonedBefore = previous == null || previous.cordoned == null ? new TreeSet<>()
        : new TreeSet<>(previous.cordoned);
    if (current == null || wanted >= current || leaving.isEmpty() || timeout.isZero()) {
      return new Decision(wanted, new TreeSet<>(), cordonedBefore, null, null, null);
    }
    SortedSet<Integer> uncordon = new TreeSet<>(cordonedBefore);
    uncordon.removeAll(leaving);
    Instant since = previous != null && previous.since != null ? Instant.parse(previous.since) : now;
    Duration waited = Duration.between(since, now);
    Instant trusted = since.plus(SETTLE);
    Integer left = sessions.map(counts -> leaving.stream().map(counts::get)
        .mapToInt(r -> r == null ? 0 : r.sessions()).sum()).orElse(null);
    boolean settled = sessions.isPresent() && leaving.stream().map(o -> sessions.get().get(o))
        .allMatch(r -> r == null || r.reportedAt().isAfter(trusted));
    boolean done = left != null && left == 0 && settled;
    boolean outOfTime = waited.compareTo(timeout) >= 0 || (left == null && waited.compareTo(UNCOUNTED) >= 0);
    if (done || outOfTime) {
      return new Decision(wanted, leaving, uncordon, null, null, null);
    }
    String workers = leaving.stream().map(String::valueOf).collect(Collectors.joining(", "));
    String waiting = (left == null ? "counting the sessions" : left + " session(s) open") + " on leaving ordinal(s) "
        + workers + ", cordoned; up to " + timeout.minus(waited).toSeconds() + " s more";
    return new Decision(current, leaving, uncordon,
        new ScaleDownStatus(wanted, since.toString(), left, List.copyOf(leaving)), waiting, RECHECK);
  }
}
