package dev.locus.operator;

import dev.locus.operator.api.v1alpha1.Condition;
import dev.locus.operator.api.v1alpha1.ConditionReason;
import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.operator.dependent.DrainJobDependentResource;
import dev.locus.operator.metrics.QueueDepthExporter.PoolRef;
import dev.locus.operator.metrics.QueueDepthExporter;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link PoolPlan}, for reconcile and cleanup alike: the owned resources through the managed workflow
 * (drain Jobs, then the StatefulSet, the Service and the PodDisruptionBudget), Events, the queues to read, metrics.
 */
final class PoolExecutor {
  private static final Logger log = LoggerFactory.getLogger(PoolExecutor.class);
  static final String CORDON_MANAGER = "locus-operator-cordon";

  private final QueueDepthExporter queueDepth;
  private final DrainMetrics drainMetrics;
  private final AutoscalerMetrics autoscalerMetrics;

  PoolExecutor(QueueDepthExporter queueDepth, DrainMetrics drainMetrics, AutoscalerMetrics autoscalerMetrics) {
    this.queueDepth = queueDepth;
    this.drainMetrics = drainMetrics;
    this.autoscalerMetrics = autoscalerMetrics;
  }

  void execute(FileProcessingPool pool, PoolPlan plan, Context<FileProcessingPool> context) {
    String ns = pool.getMetadata().getNamespace();
    String name = pool.getMetadata().getName();
    cordon(pool, plan.cordon(), plan.uncordon(), context);
    if (plan.dependents()) {
      plan.handTo(context);
      context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    }
    if (plan.status() != null && plan.drain() != null && !plan.drain().drained().isEmpty()) {
      log.info("pool {}/{}: drained the queues of departed workers {}", ns, name, plan.drain().drained());
    }
    plan.abandonedDrains().forEach(ordinal -> log.warn(
        "pool {}/{}: drain Job for ordinal {} failed; letting the pool go anyway", ns, name, ordinal));
    plan.events().forEach(c -> event(context.getClient(), pool, c.reason(),
        c.type() + "=" + c.status() + (c.message().isEmpty() ? "" : ": " + c.message()),
        c.type().equals(Condition.DEGRADED) && c.status().equals("True")));
    if (plan.autoscale() != null) {
      autoscale(pool, plan.autoscale(), context);
    }
    PoolRef ref = new PoolRef(ns, name);
    if (plan.deletionDone()) {
      log.info("pool {}/{}: every worker queue drained; removing the finalizer", ns, name);
      queueDepth.track(ref, null);
      drainMetrics.forget(pool);
      autoscalerMetrics.forget(pool);
      return;
    }
    if (plan.status() != null) {
      autoscalerMetrics.observe(pool, plan.status().autoscaling,
          plan.autoscale() == null ? pool.getSpec().replicas : plan.autoscale().replicas());
    }
    if (!pool.isMarkedForDeletion()) {
      queueDepth.track(ref, plan.queueTargets());
    }
    drainMetrics.observe(pool, DrainJobDependentResource.jobsOf(pool, context).values(),
        context.getSecondaryResourcesAsStream(Pod.class)
            .filter(p -> PoolLabels.DRAIN.equals(p.getMetadata().getLabels().get(PoolLabels.COMPONENT))).toList());
  }

  /**
   * Gives the worker pods of {@code cordon} the cordon annotation, and takes it from those of {@code uncordon}; a pod
   * in neither (cordoned by a person, say) is left alone.
   */
  private static void cordon(FileProcessingPool pool, Set<Integer> cordon, Set<Integer> uncordon,
      Context<FileProcessingPool> context) {
    if (cordon.isEmpty() && uncordon.isEmpty()) {
      return;
    }
    context.getSecondaryResourcesAsStream(Pod.class)
        .filter(p -> pool.getMetadata().getName().equals(p.getMetadata().getLabels().get(PoolLabels.POOL)))
        .filter(p -> PoolLabels.WORKER.equals(p.getMetadata().getLabels().get(PoolLabels.COMPONENT)))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .forEach(pod -> {
          String name = pod.getMetadata().getName();
          Integer ordinal = PoolLabels.ordinal(pool, name).orElse(null);
          if (ordinal == null) {
            return;
          }
          Map<String, String> annotations = pod.getMetadata().getAnnotations();
          boolean cordoned = annotations != null && "true".equals(annotations.get(PoolLabels.CORDON));
          boolean wanted = cordon.contains(ordinal);
          if (wanted == cordoned || !wanted && !uncordon.contains(ordinal)) {
            return;
          }
          // Applied under a field manager of its own: applying it without the annotation removes it again.
          Pod patch = new PodBuilder().withNewMetadata().withName(name).withNamespace(pod.getMetadata().getNamespace())
              .withAnnotations(wanted ? Map.of(PoolLabels.CORDON, "true") : Map.of()).endMetadata().build();
          try {
            context.getClient().pods().resource(patch).fieldManager(CORDON_MANAGER).forceConflicts()
                .serverSideApply();
            log.info("pool {}/{}: {} worker {}", pool.getMetadata().getNamespace(), pool.getMetadata().getName(),
                wanted ? "cordoned" : "uncordoned", name);
          } catch (RuntimeException e) {
            log.warn("could not {} worker pod {}: {}", wanted ? "cordon" : "uncordon", name, e.getMessage());
          }
        });
  }

  /** Sets spec.replicas as the autoscaler decided; the next reconcile carries it out like any other change. */
  private static void autoscale(FileProcessingPool pool, PoolPlan.Autoscale autoscale,
      Context<FileProcessingPool> context) {
    try {
      context.getClient().resources(FileProcessingPool.class).inNamespace(pool.getMetadata().getNamespace())
          .withName(pool.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE),
              "{\"spec\":{\"replicas\":" + autoscale.replicas() + "}}");
      log.info("pool {}/{}: autoscaled {}", pool.getMetadata().getNamespace(), pool.getMetadata().getName(),
          autoscale.reason());
      event(context.getClient(), pool, ConditionReason.AUTOSCALED, "Autoscaled " + autoscale.reason(), false);
    } catch (RuntimeException e) {
      log.warn("could not autoscale pool {}: {}", pool.getMetadata().getName(), e.getMessage());
    }
  }

  private static void event(KubernetesClient client, FileProcessingPool pool, String reason, String message,
      boolean warning) {
    String now = Instant.now().toString();
    try {
      client.v1().events().inNamespace(pool.getMetadata().getNamespace()).resource(new EventBuilder()
          .withNewMetadata().withName(pool.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
            .withNamespace(pool.getMetadata().getNamespace()).endMetadata()
          .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(pool.getApiVersion())
              .withKind(pool.getKind()).withName(pool.getMetadata().getName())
              .withNamespace(pool.getMetadata().getNamespace()).withUid(pool.getMetadata().getUid()).build())
          .withReason(reason)
          .withMessage(message)
          .withType(warning ? "Warning" : "Normal")
          .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
          .withNewSource().withComponent(PoolLabels.OPERATOR).endSource()
          .build()).create();
    } catch (RuntimeException e) {
      log.warn("could not record event {} for pool {}: {}", reason, pool.getMetadata().getName(), e.getMessage());
    }
  }
}
