package dev.locus.operator;

import dev.locus.operator.api.v1alpha1.Condition;
import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.operator.api.v1alpha1.FileProcessingPoolStatus;
import dev.locus.operator.metrics.QueueDepthExporter.PoolTargets;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Duration;
import java.util.List;
import java.util.SortedSet;

/**
 * Everything one reconcile or cleanup of a pool will do, decided by {@link PoolPlanner} and carried out by
 * {@link PoolExecutor}.
 *
 * @param dependents whether the owned resources are reconciled (not while the spec is invalid)
 * @param statefulSetReplicas the replicas the StatefulSet is given
 * @param drain which ordinals get drain Jobs, which Jobs are in the way, and which ordinals to remember
 * @param drainJobs the ordinals whose drain Job should exist
 * @param cordon the ordinals whose worker pods get the cordon annotation
 * @param uncordon the ordinals whose worker pods lose the cordon annotation this operator gave them
 * @param autoscale the replicas the autoscaler sets in spec, and why; null when it leaves them
 * @param events conditions that changed, each recorded as a Kubernetes Event
 * @param status the status to write (null during cleanup)
 * @param queueTargets the queues the queue-depth reader should read for this pool (null: none)
 * @param abandonedDrains ordinals whose drain Job failed, let go because the pool is being deleted
 * @param deletionDone whether the pool may go: no worker left and every queue drained or given up on
 * @param requeueAfter when to look again
 */
public record PoolPlan(boolean dependents, int statefulSetReplicas, DrainPlanner.Plan drain,
    SortedSet<Integer> drainJobs, SortedSet<Integer> cordon, SortedSet<Integer> uncordon, Autoscale autoscale,
    List<Condition> events,
    FileProcessingPoolStatus status, PoolTargets queueTargets, SortedSet<Integer> abandonedDrains,
    boolean deletionDone, Duration requeueAfter) {

  private static final String KEY = PoolPlan.class.getName();

  /** spec.replicas as the autoscaler sets it, and the Event message that says why. */
  public record Autoscale(int replicas, String reason) {}

  /** Hands the plan to the pool's dependents for this reconcile. */
  void handTo(Context<FileProcessingPool> context) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, this);
  }

  /** The plan being carried out, as a dependent sees it. */
  public static PoolPlan of(Context<FileProcessingPool> context) {
    return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, PoolPlan.class);
  }
}
