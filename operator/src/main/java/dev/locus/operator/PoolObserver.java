package dev.locus.operator;

import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.operator.api.v1alpha1.FileProcessingPoolStatus;
import dev.locus.operator.dependent.DrainJobDependentResource;
import dev.locus.operator.metrics.QueueDepthExporter.PoolRef;
import dev.locus.operator.metrics.QueueDepthExporter;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/** Takes a pool's {@link PoolObservation} from the informers' caches and the queue-depth reader. */
final class PoolObserver {
  private final QueueDepthExporter queueDepth;

  PoolObserver(QueueDepthExporter queueDepth) {
    this.queueDepth = queueDepth;
  }

  PoolObservation observe(FileProcessingPool pool, Context<FileProcessingPool> context, boolean deleting) {
    String specError = PoolValidation.problem(pool.getMetadata().getName(), pool.getSpec()).orElse(null);
    FileProcessingPoolStatus previous = pool.getStatus() == null ? new FileProcessingPoolStatus() : pool.getStatus();
    PoolRef ref = new PoolRef(pool.getMetadata().getNamespace(), pool.getMetadata().getName());
    return new PoolObservation(pool, deleting, specError, previous, livePods(pool, context),
        DrainJobDependentResource.states(DrainJobDependentResource.jobsOf(pool, context)),
        context.getSecondaryResource(StatefulSet.class).map(PoolObserver::state).orElse(null),
        new PoolObservation.Backlog(queueDepth.backlog(ref).orElse(null),
            queueDepth.backlogAge(ref).map(Duration::toSeconds).orElse(null),
            queueDepth.unavailableReason(ref).orElse(null)));
  }

  private static PoolObservation.StatefulSetState state(StatefulSet sts) {
    var status = sts.getStatus();
    if (status == null) {
      return new PoolObservation.StatefulSetState(0, 0, 0, false);
    }
    return new PoolObservation.StatefulSetState(orZero(status.getReplicas()), orZero(status.getReadyReplicas()),
        orZero(status.getUpdatedReplicas()), status.getObservedGeneration() != null
            && status.getObservedGeneration() >= sts.getMetadata().getGeneration());
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
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
}
