package dev.locus.operator;

import dev.locus.operator.api.v1alpha1.AutoscalingSpec;
import dev.locus.operator.api.v1alpha1.AutoscalingStatus.Recommendation;
import dev.locus.operator.api.v1alpha1.AutoscalingStatus;
import dev.locus.operator.metrics.SessionCensus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Decides a pool's replicas from its sessions: those open on its workers and those waiting for a slot, over the
 * slots the target utilization allows each worker. Like an HPA's behaviour: a scale-up needs the higher count
 * recommended throughout its stabilization window, a scale-down the lower count throughout its own. Status keeps
 * only the changes of the recommendation, so a steady pool's status is not rewritten on every pass. Pure.
 */
public final class AutoscalePlanner {
  /**
   * @param replicas the replicas to set (unchanged when nothing is to be done)
   * @param status what status says of the autoscaler
   * @param reason why the replicas change, for an Event; null when they do not
   */
  public record Decision(int replicas, AutoscalingStatus status, String reason) {}

  private AutoscalePlanner() {}

  /**
   * @param current spec.replicas
   * @param slotsPerWorker spec.maxConcurrentSessions
   * @param open sessions open on the pool's workers; null when unknown
   * @param waiting sessions waiting for a slot; null when unknown
   */
  public static Decision decide(AutoscalingSpec spec, int current, int slotsPerWorker, Integer open, Long waiting,
      AutoscalingStatus previous, Instant now) {
    AutoscalingStatus status = new AutoscalingStatus();
    status.sessionsOpen = open;
    status.sessionsWaiting = waiting;
    status.lastScaleTime = previous == null ? null : previous.lastScaleTime;
    if (open == null || waiting == null) {
      status.unavailable = open == null ? "the workers' sessions cannot be counted (no worker heartbeats from the"
          + " server, or the connection uses Secrets)" : "the lease queue's backlog is not known yet";
      status.recommendations = previous == null ? new ArrayList<>() : previous.recommendations;
      return new Decision(current, status, null);
    }
    double perWorker = slotsPerWorker * spec.targetSessionUtilizationPercent / 100.0;
    int raw = (int) Math.ceil((open + waiting) / perWorker);
    int recommended = Math.max(spec.minReplicas, Math.min(spec.maxReplicas, raw));
    status.recommendedReplicas = recommended;

    Instant keepSince = now.minusSeconds(Math.max(spec.scaleUpStabilizationSeconds,
        spec.scaleDownStabilizationSeconds));
    List<Recommendation> history = new ArrayList<>();
    if (previous != null && previous.recommendations != null) {
      history.addAll(previous.recommendations);
    }
    if (history.isEmpty() || history.get(history.size() - 1).replicas != recommended) {
      history.add(new Recommendation(recommended, now.toString()));
    }
    // The windows need only the changes within them, and the recommendation in force when the longest one opens.
    while (history.size() > 1 && !Instant.parse(history.get(1).at).isAfter(keepSince)) {
      history.remove(0);
    }
    status.recommendations = history;

    int target = current;
    if (current < spec.minReplicas || current > spec.maxReplicas) {
      target = Math.max(spec.minReplicas, Math.min(spec.maxReplicas, current));
    } else if (recommended > current) {
      target = Math.max(current, lowestSince(history, now.minusSeconds(spec.scaleUpStabilizationSeconds)));
    } else if (recommended < current) {
      target = Math.min(current, highestSince(history, now.minusSeconds(spec.scaleDownStabilizationSeconds)));
    }
    target = Math.max(spec.minReplicas, Math.min(spec.maxReplicas, target));
    if (target == current) {
      return new Decision(current, status, null);
    }
    status.lastScaleTime = now.toString();
    return new Decision(target, status, "from " + current + " to " + target + " replicas: " + open + " session(s) open, "
        + waiting + " waiting, " + slotsPerWorker + " slot(s) per worker at " + spec.targetSessionUtilizationPercent
        + "%");
  }

  /**
   * Whether sessions can be waiting for a slot: no uncordoned worker reported a free one (or none was counted). A
   * worker with a free slot polls the lease queue, so a lease waits only while every slot is taken; until then no
   * read of the lease queue is needed to know that nothing waits.
   */
  public static boolean saturated(Optional<Map<Integer, SessionCensus.Reading>> sessions, Set<Integer> cordoned) {
    return sessions.map(byOrdinal -> byOrdinal.entrySet().stream()
        .noneMatch(e -> !cordoned.contains(e.getKey()) && e.getValue().freeSlots() > 0)).orElse(true);
  }

  private static int lowestSince(List<Recommendation> history, Instant since) {
    return inForceSince(history, since).min().orElseThrow();
  }

  private static int highestSince(List<Recommendation> history, Instant since) {
    return inForceSince(history, since).max().orElseThrow();
  }

  /** The recommendations in force at some time from {@code since} on: the one made last before it, and all after. */
  private static IntStream inForceSince(List<Recommendation> history, Instant since) {
    int first = 0;
    while (first + 1 < history.size() && !Instant.parse(history.get(first + 1).at).isAfter(since)) {
      first++;
    }
    return history.subList(first, history.size()).stream().mapToInt(r -> r.replicas);
  }
}
