package dev.locus.operator.dependent;

import dev.locus.operator.PoolPlan;
import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Ready when the plan has no drain Job left in the way of an ordinal the pool wants again; until then the
 * StatefulSet (which depends on the drain Jobs) is left alone, so a pod never comes back while a drain Job polls
 * its queue.
 */
public class DrainJobsOutOfTheWay implements Condition<Job, FileProcessingPool> {
  @Override
  public boolean isMet(DependentResource<Job, FileProcessingPool> dependentResource, FileProcessingPool pool,
      Context<FileProcessingPool> context) {
    return PoolPlan.of(context).drain().blockingJobs().isEmpty();
  }
}
