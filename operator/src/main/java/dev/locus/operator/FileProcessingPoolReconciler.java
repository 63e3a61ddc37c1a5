package dev.locus.operator;

import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.operator.dependent.DrainJobDependentResource;
import dev.locus.operator.dependent.DrainJobsOutOfTheWay;
import dev.locus.operator.dependent.PodDisruptionBudgetDependentResource;
import dev.locus.operator.dependent.ServiceDependentResource;
import dev.locus.operator.dependent.StatefulSetDependentResource;
import dev.locus.operator.metrics.QueueDepthExporter;
import dev.locus.operator.metrics.SessionCensus;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@Workflow(explicitInvocation = true, dependents = {
    @Dependent(name = "drain-jobs", type = DrainJobDependentResource.class,
        readyPostcondition = DrainJobsOutOfTheWay.class),
    @Dependent(name = "statefulset", type = StatefulSetDependentResource.class, dependsOn = "drain-jobs"),
    @Dependent(name = "service", type = ServiceDependentResource.class),
    @Dependent(name = "pdb", type = PodDisruptionBudgetDependentResource.class)})
@ControllerConfiguration(name = "fileprocessingpool")
public class FileProcessingPoolReconciler implements Reconciler<FileProcessingPool>, Cleaner<FileProcessingPool> {
  private static final String PODS = "pods";
  private static final String TEMPORAL = "temporal";

  private final QueueDepthExporter queueDepth;
  private final SessionCensus census;
  private final PoolObserver observer;
  private final PoolExecutor executor;

  public FileProcessingPoolReconciler(QueueDepthExporter queueDepth, SessionCensus census,
      DrainMetrics drainMetrics, AutoscalerMetrics autoscalerMetrics) {
    this.queueDepth = queueDepth;
    this.census = census;
    this.observer = new PoolObserver(queueDepth, census);
    this.executor = new PoolExecutor(queueDepth, drainMetrics, autoscalerMetrics);
  }

  @Override
  public List<EventSource<?, FileProcessingPool>> prepareEventSources(EventSourceContext<FileProcessingPool> ctx) {
    InformerEventSourceConfiguration<Pod> pods = InformerEventSourceConfiguration.from(Pod.class,
            FileProcessingPool.class)
        .withName(PODS)
        .withLabelSelector(PoolLabels.MANAGED_SELECTOR)
        .withSecondaryToPrimaryMapper(pod -> Optional.ofNullable(pod.getMetadata().getLabels().get(PoolLabels.POOL))
            .map(pool -> Set.of(new ResourceID(pool, pod.getMetadata().getNamespace()))).orElse(Set.of()))
        .build();
    // What Temporal says moves a pool too: a worker's sessions or free slots changed, or the lease backlog the
    // autoscaler waits on was read. The pool is reconciled then, not at its next period.
    SimpleInboundEventSource<FileProcessingPool> temporal = new SimpleInboundEventSource<>(TEMPORAL);
    census.onChange(pool -> temporal.propagateEvent(new ResourceID(pool.name(), pool.namespace())));
    queueDepth.onFreshReading(pool -> temporal.propagateEvent(new ResourceID(pool.name(), pool.namespace())));
    return List.of(new InformerEventSource<>(pods, ctx), temporal);
  }

  /** Observe the pool once, plan, carry the plan out, and write the status it decided. */
  @Override
  public UpdateControl<FileProcessingPool> reconcile(FileProcessingPool pool, Context<FileProcessingPool> context) {
    PoolPlan plan = PoolPlanner.plan(observer.observe(pool, context, false), Instant.now());
    executor.execute(pool, plan, context);
    FileProcessingPool patch = new FileProcessingPool();
    patch.getMetadata().setName(pool.getMetadata().getName());
    patch.getMetadata().setNamespace(pool.getMetadata().getNamespace());
    patch.setStatus(plan.status());
    return UpdateControl.patchStatus(patch).rescheduleAfter(plan.requeueAfter());
  }

  /**
   * Pool deletion, through the same observe, plan and execute: the StatefulSet goes to zero (each worker drains its
   * sessions on SIGTERM), each departed queue is drained once its pod is gone, then the pool goes.
   */
  @Override
  public DeleteControl cleanup(FileProcessingPool pool, Context<FileProcessingPool> context) {
    PoolPlan plan = PoolPlanner.plan(observer.observe(pool, context, true), Instant.now());
    executor.execute(pool, plan, context);
    return plan.deletionDone() ? DeleteControl.defaultDelete()
        : DeleteControl.noFinalizerRemoval().rescheduleAfter(plan.requeueAfter());
  }
}
