package dev.locus.operator;

import dev.locus.operator.api.v1alpha1.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides the pool's conditions from what was observed. A condition keeps its lastTransitionTime unless its status
 * flips (as Flink's ConditionsUtils does); reasons are CamelCase.
 */
public final class StatusPlanner {
  /**
   * What the reconciler saw.
   *
   * @param specError why the spec cannot be carried out, or null
   * @param desired spec.replicas
   * @param current pods the StatefulSet has; null if it does not exist yet
   * @param ready ready pods
   * @param updated pods on the current revision
   * @param statefulSetObserved whether the StatefulSet controller has seen the latest StatefulSet spec
   * @param blockingDrainJobs drain Jobs still in the way of a scale-up
   * @param failedDrainJobs drain Jobs that gave up
   * @param pendingDrains departed ordinals not drained yet
   */
  public record Observed(String specError, int desired, Integer current, int ready, int updated,
      boolean statefulSetObserved, int blockingDrainJobs, int failedDrainJobs, int pendingDrains) {}

  private StatusPlanner() {}

  public static List<Condition> conditions(Observed o, List<Condition> previous, Instant now) {
    List<Condition> next = new ArrayList<>();
    next.add(ready(o));
    next.add(progressing(o));
    next.add(degraded(o));
    return next.stream().map(c -> keepTransitionTime(c, previous, now)).toList();
  }

  private static Condition ready(Observed o) {
    if (o.specError() != null) {
      return c(Condition.READY, false, "InvalidSpec", o.specError());
    }
    if (o.current() == null) {
      return c(Condition.READY, false, "StatefulSetMissing", "the StatefulSet has not been created yet");
    }
    if (o.desired() == 0) {
      return c(Condition.READY, true, "ScaledToZero", "no workers are wanted");
    }
    if (o.ready() >= o.desired()) {
      return c(Condition.READY, true, "AllWorkersReady", o.ready() + "/" + o.desired() + " workers ready");
    }
    return c(Condition.READY, false, "WorkersNotReady", o.ready() + "/" + o.desired() + " workers ready");
  }

  private static Condition progressing(Observed o) {
    if (o.specError() != null) {
      return c(Condition.PROGRESSING, false, "InvalidSpec", "waiting for a valid spec");
    }
    if (o.blockingDrainJobs() > 0) {
      return c(Condition.PROGRESSING, true, "WaitingForDrainJobs", o.blockingDrainJobs()
          + " drain Job(s) must finish being removed before their workers come back");
    }
    if (o.current() == null || !o.statefulSetObserved()) {
      return c(Condition.PROGRESSING, true, "StatefulSetUpdating", "the StatefulSet controller has not caught up");
    }
    if (o.current() != o.desired() || o.updated() < o.desired() || o.ready() < o.desired()) {
      return c(Condition.PROGRESSING, true, "Scaling", o.current() + " pods, " + o.updated() + " updated, "
          + o.ready() + " ready, " + o.desired() + " wanted");
    }
    if (o.pendingDrains() > 0) {
      return c(Condition.PROGRESSING, true, "DrainingQueues", o.pendingDrains() + " departed worker queue(s) draining");
    }
    return c(Condition.PROGRESSING, false, "Stable", "every worker is up to date");
  }

  private static Condition degraded(Observed o) {
    if (o.specError() != null) {
      return c(Condition.DEGRADED, true, "InvalidSpec", o.specError());
    }
    if (o.failedDrainJobs() > 0) {
      return c(Condition.DEGRADED, true, "DrainJobFailed", o.failedDrainJobs() + " drain Job(s) failed; their"
          + " workflows re-route after their session heartbeat timeout instead");
    }
    return c(Condition.DEGRADED, false, "AsExpected", "");
  }

  private static Condition c(String type, boolean status, String reason, String message) {
    return new Condition(type, status ? "True" : "False", null, reason, message);
  }

  private static Condition keepTransitionTime(Condition c, List<Condition> previous, Instant now) {
    Optional<Condition> before = previous == null ? Optional.empty()
        : previous.stream().filter(p -> p.type().equals(c.type())).findFirst();
    String time = before.filter(b -> b.status().equals(c.status()) && b.lastTransitionTime() != null)
        .map(Condition::lastTransitionTime).orElse(now.toString());
    return new Condition(c.type(), c.status(), time, c.reason(), c.message());
  }

  /** The conditions whose status differs from before: these get a Kubernetes Event. */
  public static List<Condition> transitions(List<Condition> next, List<Condition> previous) {
    return next.stream().filter(c -> previous == null || previous.stream()
        .noneMatch(p -> p.type().equals(c.type()) && p.status().equals(c.status()) && p.reason().equals(c.reason())))
        .toList();
  }
}
