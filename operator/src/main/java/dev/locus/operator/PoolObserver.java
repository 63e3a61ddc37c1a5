package dev.locus.operator;

import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.operator.api.v1alpha1.FileProcessingPoolStatus;
import dev.locus.operator.dependent.DrainJobDependentResource;
import dev.locus.operator.metrics.QueueDepthExporter.PoolRef;
import dev.locus.operator.metrics.QueueDepthExporter;
import dev.locus.operator.metrics.SessionCensus;
import dev.locus.session.TaskQueues;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Takes a pool's {@link PoolObservation} from the informers' caches and the queue-depth reader. */
final class PoolObserver {
  private final QueueDepthExporter queueDepth;
  private final SessionCensus census;

  PoolObserver(QueueDepthExporter queueDepth, SessionCensus census) {
    this.queueDepth = queueDepth;
    this.census = census;
  }

  PoolObservation observe(FileProcessingPool pool, Context<FileProcessingPool> context, boolean deleting) {
    String specError = PoolValidation.problem(pool.getMetadata().getName(), pool.getSpec()).orElse(null);
    FileProcessingPoolStatus previous = pool.getStatus() == null ? new FileProcessingPoolStatus() : pool.getStatus();
    PoolRef ref = new PoolRef(pool.getMetadata().getNamespace(), pool.getMetadata().getName());
    List<Pod> workers = workerPods(pool, context);
    PoolObservation.StatefulSetState sts = context.getSecondaryResource(StatefulSet.class).map(PoolObserver::state)
        .orElse(null);
    boolean scalingDown = specError == null && !deleting && sts != null && sts.specReplicas() > pool.getSpec().replicas;
    boolean autoscaled = specError == null && !deleting && pool.getSpec().autoscaling != null;
    Set<Integer> cordoned = ordinals(pool,
        workers.stream().filter(p -> "true".equals(annotation(p, PoolLabels.CORDON))).toList());
    Optional<Map<Integer, SessionCensus.Reading>> sessions = scalingDown || autoscaled ? sessions(pool)
        : Optional.empty();
    Long waiting = !autoscaled ? null : !AutoscalePlanner.saturated(sessions, cordoned) ? Long.valueOf(0)
        : queueDepth.freshBacklog(ref, TaskQueues.leaseQueue(pool.getSpec().sharedTaskQueue)).orElse(null);
    return new PoolObservation(pool, deleting, specError, previous, ordinals(pool, workers),
        DrainJobDependentResource.states(DrainJobDependentResource.jobsOf(pool, context)), sts,
        new PoolObservation.Backlog(queueDepth.backlog(ref).orElse(null),
            queueDepth.backlogAge(ref).map(Duration::toSeconds).orElse(null),
            queueDepth.unavailableReason(ref).orElse(null)),
        cordoned, sessions, waiting);
  }

  /** Open sessions by ordinal, from the workers' heartbeats to Temporal; empty while they cannot be counted. */
  private Optional<Map<Integer, SessionCensus.Reading>> sessions(FileProcessingPool pool) {
    var temporal = pool.getSpec().temporal;
    if (temporal.tlsSecretRef != null || temporal.apiKeySecretRef != null) {
      return Optional.empty();
    }
    String prefix = pool.getMetadata().getName() + "-";
    return census.sessions(new SessionCensus.Target(
            new PoolRef(pool.getMetadata().getNamespace(), pool.getMetadata().getName()), temporal.address,
            temporal.namespace,
            TaskQueues.leaseQueue(pool.getSpec().sharedTaskQueue), prefix))
        .map(byWorker -> byWorker.entrySet().stream()
            .filter(e -> PoolLabels.ordinal(pool, e.getKey()).isPresent())
            .collect(Collectors.toMap(e -> PoolLabels.ordinal(pool, e.getKey()).orElseThrow(), Map.Entry::getValue,
                (a, b) -> a)));
  }

  private static String annotation(Pod pod, String key) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  private static PoolObservation.StatefulSetState state(StatefulSet sts) {
    var status = sts.getStatus();
    if (status == null) {
      return new PoolObservation.StatefulSetState(orZero(sts.getSpec().getReplicas()), 0, 0, 0, false);
    }
    return new PoolObservation.StatefulSetState(orZero(sts.getSpec().getReplicas()), orZero(status.getReplicas()), orZero(status.getReadyReplicas()),
        orZero(status.getUpdatedReplicas()), status.getObservedGeneration() != null
            && status.getObservedGeneration() >= sts.getMetadata().getGeneration());
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static List<Pod> workerPods(FileProcessingPool pool, Context<FileProcessingPool> context) {
    return context.getSecondaryResourcesAsStream(Pod.class)
        .filter(p -> pool.getMetadata().getName().equals(p.getMetadata().getLabels().get(PoolLabels.POOL)))
        .filter(p -> PoolLabels.WORKER.equals(p.getMetadata().getLabels().get(PoolLabels.COMPONENT)))
        .toList();
  }

  private static Set<Integer> ordinals(FileProcessingPool pool, List<Pod> pods) {
    return pods.stream().flatMap(p -> PoolLabels.ordinal(pool, p.getMetadata().getName()).stream())
        .collect(Collectors.toSet());
  }
}
