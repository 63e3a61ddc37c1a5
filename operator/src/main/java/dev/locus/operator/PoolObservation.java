package dev.locus.operator;

import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.operator.api.v1alpha1.FileProcessingPoolStatus;
import dev.locus.operator.metrics.SessionCensus;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One look at a pool and what it owns, taken once per reconcile or cleanup; the planners decide from this alone.
 *
 * @param pool the pool as read (never changed)
 * @param deleting whether the pool is being deleted (cleanup)
 * @param specError why the spec cannot be carried out, or null
 * @param previous the status written last time (empty the first time)
 * @param livePods ordinals of the worker pods that exist
 * @param drainJobs the state of each ordinal's drain Job
 * @param statefulSet what the StatefulSet reports, or null if it does not exist
 * @param backlog what the queue-depth reader knows of the pool's queues
 * @param cordoned ordinals of the worker pods annotated as cordoned
 * @param sessions each worker's open sessions and when it reported them to Temporal; empty when not counted
 * @param sessionsWaiting sessions waiting for a slot (the lease queue's backlog); null when not known
 */
public record PoolObservation(FileProcessingPool pool, boolean deleting, String specError,
    FileProcessingPoolStatus previous, Set<Integer> livePods, Map<Integer, DrainPlanner.JobState> drainJobs,
    StatefulSetState statefulSet, Backlog backlog, Set<Integer> cordoned,
    Optional<Map<Integer, SessionCensus.Reading>> sessions, Long sessionsWaiting) {

  /**
   * The StatefulSet: the replicas its spec asks for, and its status (pods, ready ones, updated ones, whether its
   * controller saw the latest spec).
   */
  public record StatefulSetState(int specReplicas, int replicas, int ready, int updated, boolean observed) {}

  /** Tasks waiting and the oldest one's age, or why they are unknown; all null when nothing has been read. */
  public record Backlog(Long tasks, Long ageSeconds, String unavailable) {
    public static final Backlog UNKNOWN = new Backlog(null, null, null);
  }

  public String name() {
    return pool.getMetadata().getName();
  }

  public String namespace() {
    return pool.getMetadata().getNamespace();
  }

  public long generation() {
    Long generation = pool.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  public int specReplicas() {
    return pool.getSpec() == null ? 0 : pool.getSpec().replicas;
  }
}
