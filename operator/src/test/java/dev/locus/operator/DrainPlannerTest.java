package dev.locus.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.operator.DrainPlanner.JobState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DrainPlannerTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        // name, known, replicas, live pods, jobs, expected drain jobs, blocking, drained, remembered
        Arguments.of("steady: nothing to drain", List.of(0, 1, 2), 3, Set.of(0, 1, 2), Map.of(),
            Set.of(), Set.of(), Set.of(), Set.of(0, 1, 2)),
        Arguments.of("scale 5 -> 2, pods still terminating: wait", List.of(0, 1, 2, 3, 4), 2,
            Set.of(0, 1, 2, 3, 4), Map.of(), Set.of(), Set.of(), Set.of(), Set.of(0, 1, 2, 3, 4)),
        Arguments.of("scale 5 -> 2, pods gone: drain 2, 3, 4 only", List.of(0, 1, 2, 3, 4), 2, Set.of(0, 1),
            Map.of(), Set.of(2, 3, 4), Set.of(), Set.of(), Set.of(0, 1, 2, 3, 4)),
        Arguments.of("scale 5 -> 2, pod 2 gone first", List.of(0, 1, 2, 3, 4), 2, Set.of(0, 1, 3, 4),
            Map.of(), Set.of(2), Set.of(), Set.of(), Set.of(0, 1, 2, 3, 4)),
        Arguments.of("back up to 4 while drains run: jobs 2, 3 are in the way", List.of(0, 1, 2, 3, 4), 4,
            Set.of(0, 1), Map.of(2, JobState.ACTIVE, 3, JobState.ACTIVE, 4, JobState.ACTIVE), Set.of(4),
            Set.of(2, 3), Set.of(), Set.of(0, 1, 2, 3, 4)),
        Arguments.of("a drain finished: forget the ordinal", List.of(0, 1, 2), 2, Set.of(0, 1),
            Map.of(2, JobState.SUCCEEDED), Set.of(), Set.of(), Set.of(2), Set.of(0, 1)),
        Arguments.of("a failed drain stays wanted", List.of(0, 1, 2), 2, Set.of(0, 1),
            Map.of(2, JobState.FAILED), Set.of(2), Set.of(), Set.of(), Set.of(0, 1, 2)),
        Arguments.of("pod restart (same name back): no drain", List.of(0, 1, 2), 3, Set.of(0, 2), Map.of(),
            Set.of(), Set.of(), Set.of(), Set.of(0, 1, 2)),
        Arguments.of("pool deleted: drain every queue once pods are gone", List.of(0, 1, 2), 0, Set.of(),
            Map.of(), Set.of(0, 1, 2), Set.of(), Set.of(), Set.of(0, 1, 2)),
        Arguments.of("first reconcile remembers the wanted ordinals", List.of(), 3, Set.of(), Map.of(),
            Set.of(), Set.of(), Set.of(), Set.of(0, 1, 2)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, List<Integer> known, int replicas, Set<Integer> live, Map<Integer, JobState> jobs,
      Set<Integer> drainJobs, Set<Integer> blocking, Set<Integer> drained, Set<Integer> remembered) {
    DrainPlanner.Plan plan = DrainPlanner.plan(known, replicas, live, jobs);
    assertThat(plan.drainJobs()).as("drain jobs").containsExactlyElementsOf(sorted(drainJobs));
    assertThat(plan.blockingJobs()).as("blocking").containsExactlyElementsOf(sorted(blocking));
    assertThat(plan.drained()).as("drained").containsExactlyElementsOf(sorted(drained));
    assertThat(plan.ordinals()).as("remembered").containsExactlyElementsOf(sorted(remembered));
  }

  private static List<Integer> sorted(Set<Integer> s) {
    return s.stream().sorted().toList();
  }
}
