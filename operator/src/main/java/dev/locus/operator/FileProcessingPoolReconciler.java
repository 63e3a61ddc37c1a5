package dev.locus.operator;

import dev.locus.operator.api.v1alpha1.Condition;
import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.session.TaskQueues;
import dev.locus.operator.api.v1alpha1.FileProcessingPoolStatus;
import dev.locus.operator.dependent.DrainJobDependentResource;
import dev.locus.operator.dependent.DrainJobsOutOfTheWay;
import dev.locus.operator.dependent.PodDisruptionBudgetDependentResource;
import dev.locus.operator.dependent.ServiceDependentResource;
import dev.locus.operator.dependent.StatefulSetDependentResource;
import dev.locus.operator.metrics.QueueDepthExporter;
import dev.locus.operator.metrics.QueueDepthExporter.PoolRef;
import dev.locus.operator.metrics.QueueDepthExporter.PoolTargets;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Workflow(explicitInvocation = true, dependents = {
    @Dependent(name = "drain-jobs", type = DrainJobDependentResource.class,
        readyPostcondition = DrainJobsOutOfTheWay.class),
    @Dependent(name = "statefulset", type = StatefulSetDependentResource.class, dependsOn = "drain-jobs"),
    @Dependent(name = "service", type = ServiceDependentResource.class),
    @Dependent(name = "pdb", type = PodDisruptionBudgetDependentResource.class)})
@ControllerConfiguration(name = "fileprocessingpool")
public class FileProcessingPoolReconciler implements Reconciler<FileProcessingPool>, Cleaner<FileProcessingPool> {
  private static final Logger log = LoggerFactory.getLogger(FileProcessingPoolReconciler.class);
  private static final String PODS = "pods";
  private static final Duration REFRESH = Duration.ofSeconds(30);

  private final QueueDepthExporter queueDepth;
  private final DrainMetrics drainMetrics;

  public FileProcessingPoolReconciler(QueueDepthExporter queueDepth, DrainMetrics drainMetrics) {
    this.queueDepth = queueDepth;
    this.drainMetrics = drainMetrics;
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
    return List.of(new InformerEventSource<>(pods, ctx));
  }

  @Override
  public UpdateControl<FileProcessingPool> reconcile(FileProcessingPool pool, Context<FileProcessingPool> context) {
    String name = pool.getMetadata().getName();
    Optional<String> problem = PoolValidation.problem(name, pool.getSpec());
    FileProcessingPoolStatus previous = pool.getStatus() == null ? new FileProcessingPoolStatus() : pool.getStatus();
    Map<Integer, Job> jobs = DrainJobDependentResource.jobsOf(pool, context);
    DrainPlanner.Plan plan = null;
    if (problem.isEmpty()) {
      plan = DrainPlanner.plan(previous.ordinals, pool.getSpec().replicas, livePods(pool, context),
          DrainJobDependentResource.states(jobs));
      context.managedWorkflowAndDependentResourceContext().put(DrainJobDependentResource.PLAN, plan);
      context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
      if (!plan.drained().isEmpty()) {
        log.info("pool {}/{}: drained the queues of departed workers {}", pool.getMetadata().getNamespace(), name,
            plan.drained());
      }
    }
    StatefulSet sts = context.getSecondaryResource(StatefulSet.class).orElse(null);
    var stsStatus = sts == null ? null : sts.getStatus();
    int failedJobs = (int) jobs.values().stream()
        .filter(j -> DrainJobDependentResource.state(j) == DrainPlanner.JobState.FAILED).count();
    StatusPlanner.Observed observed = new StatusPlanner.Observed(pool.getMetadata().getGeneration(),
        problem.orElse(null),
        pool.getSpec() == null ? 0 : pool.getSpec().replicas,
        sts == null ? null : stsStatus == null || stsStatus.getReplicas() == null ? 0 : stsStatus.getReplicas(),
        stsStatus == null || stsStatus.getReadyReplicas() == null ? 0 : stsStatus.getReadyReplicas(),
        stsStatus == null || stsStatus.getUpdatedReplicas() == null ? 0 : stsStatus.getUpdatedReplicas(),
        sts != null && stsStatus != null && stsStatus.getObservedGeneration() != null
            && stsStatus.getObservedGeneration() >= sts.getMetadata().getGeneration(),
        plan == null ? 0 : plan.blockingJobs().size(), failedJobs, plan == null ? 0 : plan.drainJobs().size());
    List<Condition> conditions = StatusPlanner.conditions(observed, previous.conditions, Instant.now());
    for (Condition c : StatusPlanner.transitions(conditions, previous.conditions)) {
      event(context.getClient(), pool, c);
    }

    FileProcessingPoolStatus status = new FileProcessingPoolStatus();
    status.observedGeneration = pool.getMetadata().getGeneration();
    status.replicas = observed.current() == null ? 0 : observed.current();
    status.readyReplicas = observed.ready();
    status.selector = PoolLabels.selectorString(pool);
    status.ordinals = plan == null ? previous.ordinals : List.copyOf(plan.ordinals());
    status.workerQueues = problem.isPresent() ? previous.workerQueues
        : status.ordinals.stream().map(o -> WorkerPodSpecs.queue(pool, o)).toList();
    status.conditions = conditions;
    readBacklog(pool, status, problem.isPresent());
    drainMetrics.observe(pool, jobs.values(), context.getSecondaryResourcesAsStream(Pod.class)
        .filter(p -> PoolLabels.DRAIN.equals(p.getMetadata().getLabels().get(PoolLabels.COMPONENT))).toList());
    FileProcessingPool patch = new FileProcessingPool();
    patch.getMetadata().setName(name);
    patch.getMetadata().setNamespace(pool.getMetadata().getNamespace());
    patch.setStatus(status);
    UpdateControl<FileProcessingPool> control = UpdateControl.patchStatus(patch);
    return control.rescheduleAfter(plan != null && !plan.drainJobs().isEmpty() ? Duration.ofSeconds(10) : REFRESH);
  }

  /** Keeps the queue-depth reader pointed at the pool's queues, and copies what it knows into status. */
  private void readBacklog(FileProcessingPool pool, FileProcessingPoolStatus status, boolean invalid) {
    PoolRef ref = new PoolRef(pool.getMetadata().getNamespace(), pool.getMetadata().getName());
    var temporal = invalid ? null : pool.getSpec().temporal;
    if (temporal == null) {
      queueDepth.track(ref, null);
      return;
    }
    if (temporal.tlsSecretRef != null || temporal.apiKeySecretRef != null) {
      queueDepth.track(ref, null);
      status.backlogUnavailable = "the pool's Temporal connection uses TLS or API-key Secrets, which the operator's"
          + " queue-depth reader does not read; backlog is not reported";
      return;
    }
    String shared = pool.getSpec().sharedTaskQueue;
    // Sessions waiting for a slot are leases on the lease queue; the shared queue may hold ordinary activities.
    List<String> activityQueues = new java.util.ArrayList<>(List.of(TaskQueues.leaseQueue(shared), shared));
    activityQueues.addAll(status.workerQueues);
    queueDepth.track(ref, new PoolTargets(temporal.address, temporal.namespace, List.of(shared), activityQueues));
    status.backlog = queueDepth.backlog(ref).orElse(null);
    status.backlogAgeSeconds = queueDepth.backlogAge(ref).map(Duration::toSeconds).orElse(null);
    status.backlogUnavailable = queueDepth.unavailableReason(ref).orElse(null);
  }

  /**
   * Pool deletion: stop every worker (each drains its sessions on SIGTERM), then drain every queue the pool ever
   * had and not drained yet, then let the pool go.
   */
  @Override
  public DeleteControl cleanup(FileProcessingPool pool, Context<FileProcessingPool> context) {
    KubernetesClient client = context.getClient();
    String ns = pool.getMetadata().getNamespace();
    context.getSecondaryResource(StatefulSet.class).filter(s -> s.getSpec().getReplicas() != 0).ifPresent(s ->
        client.apps().statefulSets().inNamespace(ns).withName(s.getMetadata().getName()).scale(0));
    Set<Integer> live = livePods(pool, context);
    if (!live.isEmpty()) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(2));
    }
    Map<Integer, Job> jobs = DrainJobDependentResource.jobsOf(pool, context);
    List<Integer> known = pool.getStatus() == null ? List.of() : pool.getStatus().ordinals;
    DrainPlanner.Plan plan = DrainPlanner.plan(known, 0, live, DrainJobDependentResource.states(jobs));
    boolean waiting = false;
    for (int ordinal : plan.drainJobs()) {
      Job job = jobs.get(ordinal);
      if (job == null) {
        Job drain = DrainJobDependentResource.desiredJob(pool, ordinal);
        drain.addOwnerReference(pool); // as the dependent would: how the informer maps it back to this pool
        // applied as the dependent applies it, so a Job created meanwhile is simply agreed with
        client.resource(drain).fieldManager(context.getControllerConfiguration().fieldManager()).forceConflicts()
            .serverSideApply();
        waiting = true;
      } else if (DrainJobDependentResource.state(job) == DrainPlanner.JobState.ACTIVE) {
        waiting = true;
      } else {
        log.warn("pool {}/{}: drain Job for ordinal {} failed; letting the pool go anyway", ns,
            pool.getMetadata().getName(), ordinal);
      }
    }
    if (waiting) {
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(5));
    }
    log.info("pool {}/{}: every worker queue drained; removing the finalizer", ns, pool.getMetadata().getName());
    queueDepth.track(new PoolRef(ns, pool.getMetadata().getName()), null);
    drainMetrics.forget(pool);
    return DeleteControl.defaultDelete();
  }

  private static Set<Integer> livePods(FileProcessingPool pool, Context<FileProcessingPool> context) {
    String prefix = pool.getMetadata().getName() + "-";
    return context.getSecondaryResourcesAsStream(Pod.class)
        .filter(p -> pool.getMetadata().getName().equals(p.getMetadata().getLabels().get(PoolLabels.POOL)))
        .filter(p -> PoolLabels.WORKER.equals(p.getMetadata().getLabels().get(PoolLabels.COMPONENT)))
        .map(p -> p.getMetadata().getName())
        .filter(n -> n.startsWith(prefix) && n.substring(prefix.length()).matches("\\d+"))
        .map(n -> Integer.parseInt(n.substring(prefix.length())))
        .collect(Collectors.toSet());
  }

  private static void event(KubernetesClient client, FileProcessingPool pool, Condition c) {
    boolean warning = c.type().equals(Condition.DEGRADED) && c.status().equals("True");
    String now = Instant.now().toString();
    try {
      client.v1().events().inNamespace(pool.getMetadata().getNamespace()).resource(new EventBuilder()
          .withNewMetadata().withName(pool.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
            .withNamespace(pool.getMetadata().getNamespace()).endMetadata()
          .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(pool.getApiVersion())
              .withKind(pool.getKind()).withName(pool.getMetadata().getName())
              .withNamespace(pool.getMetadata().getNamespace()).withUid(pool.getMetadata().getUid()).build())
          .withReason(c.reason())
          .withMessage(c.type() + "=" + c.status() + (c.message().isEmpty() ? "" : ": " + c.message()))
          .withType(warning ? "Warning" : "Normal")
          .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
          .withNewSource().withComponent(PoolLabels.OPERATOR).endSource()
          .build()).create();
    } catch (RuntimeException e) {
      log.warn("could not record event {} for pool {}: {}", c.reason(), pool.getMetadata().getName(), e.getMessage());
    }
  }
}
