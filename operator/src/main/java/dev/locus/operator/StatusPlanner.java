package dev.locus.operator;

import dev.locus.operator.api.v1alpha1.Condition;
import dev.locus.operator.api.v1alpha1.ConditionReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides the pool's conditions from what was observed. A condition keeps its lastTransitionTime unless its status
 * flips (as Flink's ConditionsUtils does); every condition carries the generation it was decided for.
 */
public final class StatusPlanner {
  /**
   * What the reconciler saw.
   *
   * @param generation the pool's metadata.generation
   * @param specError why the spec cannot be carried out, or null
   * @param desired spec.replicas
   * @param current pods the StatefulSet has; null if it does not exist yet
   * @param ready ready pods
   * @param updated pods on the current revision
   * @param statefulSetObserved whether the StatefulSet controller has seen the latest StatefulSet spec
   * @param blockingDrainJobs drain Jobs still in the way of a scale-up
   * @param failedDrainJobs drain Jobs that gave up
   * @param pendingDrains departed ordinals not drained yet
   * @param sessionsAwaited why a scale-down waits for sessions on its leaving workers, or null
   */
  public record Observed(long generation, String specError, int desired, Integer current, int ready, int updated,
      boolean statefulSetObserved, int blockingDrainJobs, int failedDrainJobs, int pendingDrains,
      String sessionsAwaited) {}

  private StatusPlanner() {}

  public static List<Condition> conditions(Observed o, List<Condition> previous, Instant now) {
    List<Condition> next = new ArrayList<>();
    next.add(ready(o));
    next.add(progressing(o));
    next.add(degraded(o));
    return next.stream().map(c -> keepTransitionTime(c, o.generation(), previous, now)).toList();
  }

  private static Condition ready(Observed o) {
    if (o.specError() != null) {
      return c(Condition.READY, false, ConditionReason.INVALID_SPEC, o.specError());
    }
    if (o.current() == null) {
      return c(Condition.READY, false, ConditionReason.STATEFUL_SET_MISSING, "the StatefulSet has not been created yet");
    }
    if (o.desired() == 0) {
      return c(Condition.READY, true, ConditionReason.SCALED_TO_ZERO, "no workers are wanted");
    }
    if (o.ready() >= o.desired()) {
      return c(Condition.READY, true, ConditionReason.ALL_WORKERS_READY, o.ready() + "/" + o.desired() + " workers ready");
    }
    return c(Condition.READY, false, ConditionReason.WORKERS_NOT_READY, o.ready() + "/" + o.desired() + " workers ready");
  }

  private static Condition progressing(Observed o) {
    if (o.specError() != null) {
      return c(Condition.PROGRESSING, false, ConditionReason.INVALID_SPEC, "waiting for a valid spec");
    }
    if (o.blockingDrainJobs() > 0) {
      return c(Condition.PROGRESSING, true, ConditionReason.WAITING_FOR_DRAIN_JOBS, o.blockingDrainJobs()
          + " drain Job(s) must finish being removed before their workers come back");
    }
    if (o.sessionsAwaited() != null) {
      return c(Condition.PROGRESSING, true, ConditionReason.WAITING_FOR_SESSIONS, o.sessionsAwaited());
    }
    if (o.current() == null || !o.statefulSetObserved()) {
      return c(Condition.PROGRESSING, true, ConditionReason.STATEFUL_SET_UPDATING, "the StatefulSet controller has not caught up");
    }
    if (o.current() != o.desired() || o.updated() < o.desired() || o.ready() < o.desired()) {
      return c(Condition.PROGRESSING, true, ConditionReason.SCALING, o.current() + " pods, " + o.updated() + " updated, "
          + o.ready() + " ready, " + o.desired() + " wanted");
    }
    if (o.pendingDrains() > 0) {
      return c(Condition.PROGRESSING, true, ConditionReason.DRAINING_QUEUES, o.pendingDrains() + " departed worker queue(s) draining");
    }
    return c(Condition.PROGRESSING, false, ConditionReason.STABLE, "every worker is up to date");
  }

  private static Condition degraded(Observed o) {
    if (o.specError() != null) {
      return c(Condition.DEGRADED, true, ConditionReason.INVALID_SPEC, o.specError());
    }
    if (o.failedDrainJobs() > 0) {
      return c(Condition.DEGRADED, true, ConditionReason.DRAIN_JOB_FAILED, o.failedDrainJobs() + " drain Job(s) failed; their"
          + " workflows re-route after their session heartbeat timeout instead");
    }
    return c(Condition.DEGRADED, false, ConditionReason.AS_EXPECTED, "");
  }

  private static Condition c(String type, boolean status, String reason, String message) {
    return new Condition(type, status ? "True" : "False", null, null, reason, message);
  }

  private static Condition keepTransitionTime(Condition c, long generation, List<Condition> previous, Instant now) {
    Optional<Condition> before = previous == null ? Optional.empty()
        : previous.stream().filter(p -> p.type().equals(c.type())).findFirst();
    String time = before.filter(b -> b.status().equals(c.status()) && b.lastTransitionTime() != null)
        .map(Condition::lastTransitionTime).orElse(now.toString());
    return new Condition(c.type(), c.status(), generation, time, c.reason(), c.message());
  }

  /** The conditions whose status differs from before: these get a Kubernetes Event. */
  public static List<Condition> transitions(List<Condition> next, List<Condition> previous) {
    return next.stream().filter(c -> previous == null || previous.stream()
        .noneMatch(p -> p.type().equals(c.type()) && p.status().equals(c.status()) && p.reason().equals(c.reason())))
        .toList();
  }
}
