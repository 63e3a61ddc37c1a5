package dev.locus.operator.dependent;

import dev.locus.operator.DrainPlanner;
import dev.locus.operator.PoolLabels;
import dev.locus.operator.PoolPlan;
import dev.locus.operator.WorkerPodSpecs;
import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.operator.api.v1alpha1.FileProcessingPoolSpec;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.BulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One Job per departed worker ordinal: `locus drain --queue <that worker's queue>` for a bounded time, so workflows
 * waiting on the queue re-route now. Which ordinals is {@link DrainPlanner}'s decision, in the {@link PoolPlan}.
 */
@KubernetesDependent(informer = @Informer(labelSelector = PoolLabels.MANAGED_SELECTOR + ","
    + PoolLabels.COMPONENT + "=" + PoolLabels.DRAIN))
public class DrainJobDependentResource extends CRUDKubernetesDependentResource<Job, FileProcessingPool>
    implements BulkDependentResource<Job, FileProcessingPool, Integer> {
  public DrainJobDependentResource() {
    super(Job.class);
  }

  public static String name(FileProcessingPool pool, int ordinal) {
    return pool.getMetadata().getName() + "-drain-" + ordinal;
  }

  @Override
  public Map<Integer, Job> desiredResources(FileProcessingPool pool, Context<FileProcessingPool> context) {
    return PoolPlan.of(context).drainJobs().stream().collect(Collectors.toMap(o -> o, o -> desiredJob(pool, o), (a, b) -> a,
        TreeMap::new));
  }

  @Override
  public Map<Integer, Job> getSecondaryResources(FileProcessingPool pool, Context<FileProcessingPool> context) {
    return jobsOf(pool, context);
  }

  @Override
  public void deleteTargetResource(FileProcessingPool pool, Job job, Integer ordinal,
      Context<FileProcessingPool> context) {
    context.getClient().resource(job).withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
  }

  /** The pool's drain Jobs by ordinal. */
  public static Map<Integer, Job> jobsOf(FileProcessingPool pool, Context<FileProcessingPool> context) {
    return context.getSecondaryResourcesAsStream(Job.class)
        .filter(j -> pool.getMetadata().getName().equals(j.getMetadata().getLabels().get(PoolLabels.POOL)))
        .filter(j -> j.getMetadata().getLabels().containsKey(PoolLabels.ORDINAL))
        .collect(Collectors.toMap(j -> Integer.parseInt(j.getMetadata().getLabels().get(PoolLabels.ORDINAL)),
            j -> j, (a, b) -> a, TreeMap::new));
  }

  /** Each Job's state, by ordinal. */
  public static Map<Integer, DrainPlanner.JobState> states(Map<Integer, Job> jobs) {
    return jobs.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> state(e.getValue())));
  }

  public static DrainPlanner.JobState state(Job job) {
    var status = job.getStatus();
    if (status != null && status.getSucceeded() != null && status.getSucceeded() > 0) {
      return DrainPlanner.JobState.SUCCEEDED;
    }
    if (status != null && status.getConditions() != null && status.getConditions().stream()
        .anyMatch(c -> c.getType().equals("Failed") && c.getStatus().equals("True"))) {
      return DrainPlanner.JobState.FAILED;
    }
    return DrainPlanner.JobState.ACTIVE;
  }

  public static Job desiredJob(FileProcessingPool pool, int ordinal) {
    FileProcessingPoolSpec spec = pool.getSpec();
    var labels = PoolLabels.labels(pool, PoolLabels.DRAIN);
    labels.put(PoolLabels.ORDINAL, String.valueOf(ordinal));
    return new JobBuilder()
        .withNewMetadata().withName(name(pool, ordinal)).withNamespace(pool.getMetadata().getNamespace())
          .withLabels(labels).endMetadata()
        .withNewSpec()
          .withBackoffLimit(3)
          .withActiveDeadlineSeconds((long) spec.drainJobSeconds * 3 + 120)
          .withTtlSecondsAfterFinished(3600)
          .withNewTemplate()
            .withNewMetadata().withLabels(labels).endMetadata()
            .withNewSpec()
              .withRestartPolicy("Never")
              .withSecurityContext(WorkerPodSpecs.podSecurity())
              .withImagePullSecrets(WorkerPodSpecs.pullSecrets(spec))
              .withNodeSelector(spec.nodeSelector)
              .withTolerations(spec.tolerations)
              .withVolumes(WorkerPodSpecs.secretVolumes(spec))
              .withContainers(new ContainerBuilder()
                  .withName("drain")
                  .withImage(spec.image)
                  .withImagePullPolicy(spec.imagePullPolicy)
                  .withArgs("drain", "--queue", WorkerPodSpecs.queue(pool, ordinal),
                      "--duration", spec.drainJobSeconds + "s")
                  .withEnv(WorkerPodSpecs.temporalEnv(spec))
                  .withSecurityContext(WorkerPodSpecs.containerSecurity())
                  .withVolumeMounts(WorkerPodSpecs.secretMounts(spec))
                  .build())
            .endSpec()
          .endTemplate()
        .endSpec()
        .build();
  }
}
