package dev.locus.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.operator.DrainPlanner.JobState;
import dev.locus.operator.PoolObservation.Backlog;
import dev.locus.operator.PoolObservation.StatefulSetState;
import dev.locus.operator.api.v1alpha1.Condition;
import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.operator.api.v1alpha1.FileProcessingPoolStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One observation in, one plan out: reconcile and deletion, table by table. */
class PoolPlannerTest {
  private static final Instant NOW = Instant.parse("2026-12-04T00:00:00Z");

  private static PoolObservation observe(int replicas, boolean deleting, List<Integer> known, Set<Integer> live,
      Map<Integer, JobState> jobs, StatefulSetState sts) {
    FileProcessingPool pool = TestPools.pool("ns", "files", replicas);
    pool.getSpec().temporal.apiKeySecretRef = null;
    pool.getMetadata().setGeneration(4L);
    FileProcessingPoolStatus previous = new FileProcessingPoolStatus();
    previous.ordinals = known;
    return new PoolObservation(pool, deleting, null, previous, live, jobs, sts, new Backlog(7L, 12L, null), Set.of(),
        Optional.empty(), null);
  }

  static Stream<Arguments> reconciles() {
    StatefulSetState three = new StatefulSetState(3, 3, 3, 3, true);
    return Stream.of(
        // name, spec replicas, known, live, jobs, sts, -> sts replicas, drain jobs, blocking, requeue
        Arguments.of("steady", 3, List.of(0, 1, 2), Set.of(0, 1, 2), Map.of(), three,
            3, Set.of(), Set.of(), PoolPlanner.REFRESH),
        Arguments.of("scale-down, pods gone: drain them, look again soon", 1, List.of(0, 1, 2), Set.of(0),
            Map.of(), new StatefulSetState(1, 1, 1, 1, true), 1, Set.of(1, 2), Set.of(), PoolPlanner.WHILE_DRAINING),
        Arguments.of("scale back up while a drain runs: the Job is in the way", 3, List.of(0, 1, 2), Set.of(0),
            Map.of(1, JobState.ACTIVE), new StatefulSetState(1, 1, 1, 1, true), 3, Set.of(), Set.of(1),
            PoolPlanner.REFRESH));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reconciles")
  void reconcile(String name, int replicas, List<Integer> known, Set<Integer> live, Map<Integer, JobState> jobs,
      StatefulSetState sts, int stsReplicas, Set<Integer> drainJobs, Set<Integer> blocking, Duration requeue) {
    PoolPlan plan = PoolPlanner.plan(observe(replicas, false, known, live, jobs, sts), NOW);
    assertThat(plan.dependents()).isTrue();
    assertThat(plan.statefulSetReplicas()).isEqualTo(stsReplicas);
    assertThat(plan.drain().drainJobs()).containsExactlyInAnyOrderElementsOf(drainJobs);
    assertThat(plan.drain().blockingJobs()).containsExactlyInAnyOrderElementsOf(blocking);
    assertThat(plan.requeueAfter()).isEqualTo(requeue);
    assertThat(plan.deletionDone()).isFalse();
    assertThat(plan.status().observedGeneration).isEqualTo(4L);
    assertThat(plan.status().workerQueues).hasSameSizeAs(plan.status().ordinals);
    assertThat(plan.status().backlog).isEqualTo(7L);
    assertThat(plan.queueTargets().activityQueues()).contains("file-processing-shared@sessions")
        .containsAll(plan.status().workerQueues);
  }

  @Test
  void aFinishedDrainJobStaysUntilStatusNoLongerNamesItsOrdinal() {
    PoolPlan finished = PoolPlanner.plan(observe(2, false, List.of(0, 1, 2), Set.of(0, 1),
        Map.of(2, JobState.SUCCEEDED), new StatefulSetState(2, 2, 2, 2, true)), NOW);
    assertThat(finished.status().ordinals).containsExactly(0, 1);
    assertThat(finished.drainJobs()).as("kept while status still names 2").containsExactly(2);
    assertThat(finished.requeueAfter()).isEqualTo(PoolPlanner.WHILE_DRAINING);

    PoolPlan next = PoolPlanner.plan(observe(2, false, List.of(0, 1), Set.of(0, 1),
        Map.of(2, JobState.SUCCEEDED), new StatefulSetState(2, 2, 2, 2, true)), NOW);
    assertThat(next.drainJobs()).as("gone once status forgot 2").isEmpty();
  }

  @Test
  void anInvalidSpecTouchesNothingAndSaysWhy() {
    PoolObservation valid = observe(3, false, List.of(0, 1, 2), Set.of(0, 1, 2), Map.of(), null);
    PoolObservation o = new PoolObservation(valid.pool(), false, "spec.image is required", valid.previous(),
        valid.livePods(), valid.drainJobs(), null, Backlog.UNKNOWN, Set.of(), Optional.empty(), null);
    PoolPlan plan = PoolPlanner.plan(o, NOW);
    assertThat(plan.dependents()).isFalse();
    assertThat(plan.queueTargets()).isNull();
    assertThat(plan.status().ordinals).containsExactly(0, 1, 2);
    assertThat(plan.events()).extracting(Condition::reason).containsOnly("InvalidSpec");
  }

  @Test
  void secretsOnTheConnectionMeanNoBacklogAndSaySo() {
    PoolObservation o = observe(1, false, List.of(0), Set.of(0), Map.of(), null);
    o.pool().getSpec().temporal.apiKeySecretRef = "temporal-api-key";
    PoolPlan plan = PoolPlanner.plan(o, NOW);
    assertThat(plan.queueTargets()).isNull();
    assertThat(plan.status().backlog).isNull();
    assertThat(plan.status().backlogUnavailable).contains("does not read");
  }

  static Stream<Arguments> deletions() {
    return Stream.of(
        // name, live, jobs, -> drain jobs, abandoned, done, requeue
        Arguments.of("pods still stopping: scale to zero, drain the departed already", Set.of(0, 1),
            Map.of(), Set.of(2), Set.of(), false, PoolPlanner.WHILE_PODS_STOP),
        Arguments.of("pods gone: a drain Job per queue", Set.of(), Map.of(), Set.of(0, 1, 2), Set.of(), false,
            PoolPlanner.WHILE_QUEUES_DRAIN),
        Arguments.of("drains running", Set.of(), Map.of(0, JobState.SUCCEEDED, 1, JobState.ACTIVE,
            2, JobState.ACTIVE), Set.of(1, 2), Set.of(), false, PoolPlanner.WHILE_QUEUES_DRAIN),
        Arguments.of("every drain done: the pool goes", Set.of(), Map.of(0, JobState.SUCCEEDED,
            1, JobState.SUCCEEDED, 2, JobState.SUCCEEDED), Set.of(), Set.of(), true, PoolPlanner.WHILE_QUEUES_DRAIN),
        Arguments.of("a failed drain is given up on", Set.of(), Map.of(0, JobState.SUCCEEDED,
            1, JobState.FAILED, 2, JobState.SUCCEEDED), Set.of(1), Set.of(1), true, PoolPlanner.WHILE_QUEUES_DRAIN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deletions")
  void deletion(String name, Set<Integer> live, Map<Integer, JobState> jobs, Set<Integer> drainJobs,
      Set<Integer> abandoned, boolean done, Duration requeue) {
    PoolPlan plan = PoolPlanner.plan(observe(3, true, List.of(0, 1, 2), live, jobs,
        new StatefulSetState(3, live.size(), live.size(), live.size(), true)), NOW);
    assertThat(plan.statefulSetReplicas()).isZero();
    assertThat(plan.drain().drainJobs()).containsExactlyInAnyOrderElementsOf(drainJobs);
    assertThat(plan.abandonedDrains()).containsExactlyInAnyOrderElementsOf(abandoned);
    assertThat(plan.drainJobs()).as("finished drain Jobs are kept until the pool goes")
        .containsAll(jobs.keySet()).containsAll(drainJobs);
    assertThat(plan.deletionDone()).isEqualTo(done);
    assertThat(plan.requeueAfter()).isEqualTo(requeue);
    assertThat(plan.status()).isNull();
  }
}
