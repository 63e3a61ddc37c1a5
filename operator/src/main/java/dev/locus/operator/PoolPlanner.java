package dev.locus.operator;

import dev.locus.operator.api.v1alpha1.Condition;
import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.operator.api.v1alpha1.FileProcessingPoolStatus;
import dev.locus.operator.metrics.QueueDepthExporter.PoolTargets;
import dev.locus.operator.metrics.SessionCensus;
import dev.locus.session.TaskQueues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decides one reconcile or cleanup of a pool from one observation: the drain ({@link DrainPlanner}), the
 * StatefulSet's size, the status ({@link StatusPlanner}), the queues to read, and when the pool may go. Pure: the
 * same observation gives the same plan.
 */
public final class PoolPlanner {
  static final Duration REFRESH = Duration.ofSeconds(30);
  static final Duration WHILE_DRAINING = Duration.ofSeconds(10);
  static final Duration WHILE_PODS_STOP = Duration.ofSeconds(2);
  static final Duration WHILE_QUEUES_DRAIN = Duration.ofSeconds(5);
  /**
   * How often an autoscaled pool is looked at, at the latest: a change in its workers' sessions and a new lease
   * backlog reading have it looked at at once.
   */
  static final Duration AUTOSCALE_PERIOD = Duration.ofSeconds(10);
  static final String BACKLOG_NEEDS_SECRETS = "the pool's Temporal connection uses TLS or API-key Secrets, which the"
      + " operator's queue-depth reader does not read; backlog is not reported";

  private PoolPlanner() {}

  public static PoolPlan plan(PoolObservation o, Instant now) {
    return o.deleting() ? planDeletion(o) : planReconcile(o, now);
  }

  private static PoolPlan planReconcile(PoolObservation o, Instant now) {
    boolean valid = o.specError() == null;
    DrainPlanner.Plan drain = valid
        ? DrainPlanner.plan(o.previous().ordinals, o.specReplicas(), o.livePods(), o.drainJobs()) : null;
    long failedJobs = o.drainJobs().values().stream().filter(s -> s == DrainPlanner.JobState.FAILED).count();
    PoolObservation.StatefulSetState sts = o.statefulSet();
    ScaleDownPlanner.Decision scaleDown = valid ? ScaleDownPlanner.decide(o.specReplicas(),
        sts == null ? null : sts.specReplicas(), o.livePods(), o.sessions(), o.previous().scaleDown,
        Duration.ofSeconds(o.pool().getSpec().scaleDown.sessionTimeoutSeconds), now) : null;
    StatusPlanner.Observed observed = new StatusPlanner.Observed(o.generation(), o.specError(), o.specReplicas(),
        sts == null ? null : sts.replicas(), sts == null ? 0 : sts.ready(), sts == null ? 0 : sts.updated(),
        sts != null && sts.observed(), drain == null ? 0 : drain.blockingJobs().size(), (int) failedJobs,
        drain == null ? 0 : drain.drainJobs().size(), scaleDown == null ? null : scaleDown.waiting());
    List<Condition> conditions = StatusPlanner.conditions(observed, o.previous().conditions, now);

    FileProcessingPool pool = o.pool();
    FileProcessingPoolStatus status = new FileProcessingPoolStatus();
    status.observedGeneration = o.generation();
    status.replicas = sts == null ? 0 : sts.replicas();
    status.readyReplicas = observed.ready();
    status.selector = PoolLabels.selectorString(pool);
    status.ordinals = drain == null ? o.previous().ordinals : List.copyOf(drain.ordinals());
    status.workerQueues = valid ? status.ordinals.stream().map(n -> WorkerPodSpecs.queue(pool, n)).toList()
        : o.previous().workerQueues;
    status.conditions = conditions;
    status.scaleDown = scaleDown == null ? null : scaleDown.status();
    AutoscalePlanner.Decision autoscale = valid && o.pool().getSpec().autoscaling != null
        ? AutoscalePlanner.decide(o.pool().getSpec().autoscaling, o.specReplicas(),
            o.pool().getSpec().maxConcurrentSessions, o.sessions().map(PoolPlanner::total).orElse(null),
            o.sessionsWaiting(), o.previous().autoscaling, now)
        : null;
    status.autoscaling = autoscale == null ? null : autoscale.status();
    boolean saturated = autoscale != null && AutoscalePlanner.saturated(o.sessions(), o.cordoned());
    PoolTargets targets = valid ? queueTargets(pool, status.workerQueues, saturated) : null;
    if (valid && targets == null) {
      status.backlogUnavailable = BACKLOG_NEEDS_SECRETS;
    } else if (targets != null) {
      status.backlog = o.backlog().tasks();
      status.backlogAgeSeconds = o.backlog().ageSeconds();
      status.backlogUnavailable = o.backlog().unavailable();
    }
    SortedSet<Integer> jobs = drain == null ? new TreeSet<>() : jobsToKeep(drain);
    Duration requeue = scaleDown != null && scaleDown.recheck() != null ? scaleDown.recheck()
        : autoscale != null ? AUTOSCALE_PERIOD
        : !jobs.isEmpty() ? WHILE_DRAINING : REFRESH;
    return new PoolPlan(valid, scaleDown == null ? o.specReplicas() : scaleDown.statefulSetReplicas(), drain,
        jobs, scaleDown == null ? new TreeSet<>() : scaleDown.cordon(),
        scaleDown == null ? new TreeSet<>() : scaleDown.uncordon(),
        autoscale == null || autoscale.reason() == null ? null
            : new PoolPlan.Autoscale(autoscale.replicas(), autoscale.reason()),
        StatusPlanner.transitions(conditions, o.previous().conditions), status, targets, new TreeSet<>(), false,
        requeue);
  }

  /**
   * Deletion: every worker stops (each drains its sessions on SIGTERM), every queue the pool ever had is drained as
   * soon as its pod is gone, and the pool goes when no worker is left and every drain finished or gave up.
   */
  private static PoolPlan planDeletion(PoolObservation o) {
    DrainPlanner.Plan drain = DrainPlanner.plan(o.previous().ordinals, 0, o.livePods(), o.drainJobs());
    SortedSet<Integer> abandoned = drain.drainJobs().stream()
        .filter(n -> o.drainJobs().get(n) == DrainPlanner.JobState.FAILED)
        .collect(Collectors.toCollection(TreeSet::new));
    boolean drainsPending = drain.drainJobs().size() > abandoned.size();
    boolean done = o.livePods().isEmpty() && !drainsPending;
    Duration requeue = !o.livePods().isEmpty() ? WHILE_PODS_STOP : WHILE_QUEUES_DRAIN;
    return new PoolPlan(true, 0, drain, jobsToKeep(drain), new TreeSet<>(), new TreeSet<>(), null, List.of(), null, null,
        abandoned, done, requeue);
  }

  /**
   * The drain Jobs that should exist: those still to drain, and those that finished draining now. A finished one
   * goes only once status no longer names its ordinal (a later pass), so a pass that reads an older status finds it
   * finished instead of starting it again. During deletion, when status is not written, they stay until the pool goes.
   */
  private static SortedSet<Integer> jobsToKeep(DrainPlanner.Plan drain) {
    SortedSet<Integer> jobs = new TreeSet<>(drain.drainJobs());
    jobs.addAll(drain.drained());
    return jobs;
  }

  private static int total(Map<Integer, SessionCensus.Reading> sessions) {
    return sessions.values().stream().mapToInt(SessionCensus.Reading::sessions).sum();
  }

  /**
   * The queues whose backlog the pool reports, with the lease queue kept fresh while the autoscaler needs it; null
   * when the reader cannot reach its Temporal.
   */
  private static PoolTargets queueTargets(FileProcessingPool pool, List<String> workerQueues, boolean leasesNeeded) {
    var temporal = pool.getSpec().temporal;
    if (temporal.tlsSecretRef != null || temporal.apiKeySecretRef != null) {
      return null;
    }
    String shared = pool.getSpec().sharedTaskQueue;
    // Sessions waiting for a slot are leases on the lease queue; the shared queue may hold ordinary activities.
    List<String> activityQueues = new ArrayList<>(List.of(TaskQueues.leaseQueue(shared), shared));
    activityQueues.addAll(workerQueues);
    return new PoolTargets(temporal.address, temporal.namespace, List.of(shared), activityQueues,
        leasesNeeded ? TaskQueues.leaseQueue(shared) : null);
  }
}
