package dev.locus.operator;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Decides which worker ordinals need a drain Job. An ordinal is drained when it has left for good: not among the
 * desired replicas (scale-down, or the pool is being deleted) and its pod is gone. A pod that restarts keeps its
 * ordinal and is never drained. A drain Job for an ordinal that is wanted again is removed before that pod may come
 * back, so a drain Job and a live pod never poll the same queue.
 */
public final class DrainPlanner {
  public enum JobState { ACTIVE, SUCCEEDED, FAILED }

  /**
   * @param ordinals ordinals to remember in status: live, wanted, or departed and not yet drained
   * @param drainJobs ordinals whose drain Job should exist
   * @param blockingJobs ordinals wanted again whose drain Job still exists: the StatefulSet must wait for them
   * @param drained ordinals whose drain finished this time
   */
  public record Plan(SortedSet<Integer> ordinals, SortedSet<Integer> drainJobs, SortedSet<Integer> blockingJobs,
      SortedSet<Integer> drained) {}

  private DrainPlanner() {}

  public static Plan plan(Collection<Integer> knownOrdinals, int desiredReplicas, Set<Integer> livePods,
      Map<Integer, JobState> jobs) {
    Set<Integer> wanted = IntStream.range(0, Math.max(0, desiredReplicas)).boxed().collect(Collectors.toSet());
    SortedSet<Integer> ordinals = new TreeSet<>(knownOrdinals);
    ordinals.addAll(wanted);
    ordinals.addAll(livePods);
    SortedSet<Integer> drainJobs = new TreeSet<>();
    SortedSet<Integer> drained = new TreeSet<>();
    for (int ordinal : Set.copyOf(ordinals)) {
      if (wanted.contains(ordinal) || livePods.contains(ordinal)) {
        continue;
      }
      if (jobs.get(ordinal) == JobState.SUCCEEDED) {
        drained.add(ordinal);
        ordinals.remove(ordinal);
      } else {
        drainJobs.add(ordinal);
      }
    }
    SortedSet<Integer> blocking = jobs.keySet().stream().filter(wanted::contains)
        .collect(Collectors.toCollection(TreeSet::new));
    return new Plan(ordinals, drainJobs, blocking, drained);
  }
}
