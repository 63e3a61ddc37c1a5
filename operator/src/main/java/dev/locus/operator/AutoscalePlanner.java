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

/**
 * Decides a pool's replicas from its sessions: those open on its workers and those waiting for a slot, over the
 * slots the target utilization allows each worker. Like an HPA's behaviour: a scale-up needs the higher count
 * recommended throughout its stabilization window, a scale-down the lower count throughout its own. Pure.
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

    Duration keep = Duration.ofSeconds(Math.max(spec.scaleUpStabilizationSeconds, spec.scaleDownStabilizationSeconds));
    List<Recommendation> history = new ArrayList<>();
    if (previous != null && previous.recommendations != null) {
      previous.recommendations.stream().filter(r -> !Instant.parse(r.at).isBefore(now.minus(keep)))
          .forEach(history::add);
    }
    history.add(new Recommendation(recommended, now.toString()));
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
    return history.stream().filter(r -> !Instant.parse(r.at).isBefore(since)).mapToInt(r -> r.replicas).min()
        .orElseThrow();
  }

  private static int highestSince(List<Recommendation> history, Instant since) {
    return history.stream().filter(r -> !Instant.parse(r.at).isBefore(since)).mapToInt(r -> r.replicas).max()
        .orElseThrow();
  }
}
