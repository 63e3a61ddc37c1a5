package dev.locus.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.operator.StatusPlanner.Observed;
import dev.locus.operator.api.v1alpha1.Condition;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatusPlannerTest {
  private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-23T00:05:00Z");

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("invalid spec", new Observed(1, "spec.image is required", 3, null, 0, 0, false, 0, 0, 0, null),
            "False/InvalidSpec", "False/InvalidSpec", "True/InvalidSpec"),
        Arguments.of("no StatefulSet yet", new Observed(1, null, 3, null, 0, 0, false, 0, 0, 0, null),
            "False/StatefulSetMissing", "True/StatefulSetUpdating", "False/AsExpected"),
        Arguments.of("scaling up", new Observed(1, null, 3, 1, 1, 1, true, 0, 0, 0, null),
            "False/WorkersNotReady", "True/Scaling", "False/AsExpected"),
        Arguments.of("all ready", new Observed(1, null, 3, 3, 3, 3, true, 0, 0, 0, null),
            "True/AllWorkersReady", "False/Stable", "False/AsExpected"),
        Arguments.of("ready, departed queues draining", new Observed(1, null, 2, 2, 2, 2, true, 0, 0, 3, null),
            "True/AllWorkersReady", "True/DrainingQueues", "False/AsExpected"),
        Arguments.of("scale-up held by drain Jobs", new Observed(1, null, 4, 2, 2, 2, true, 2, 0, 1, null),
            "False/WorkersNotReady", "True/WaitingForDrainJobs", "False/AsExpected"),
        Arguments.of("drain Job failed", new Observed(1, null, 2, 2, 2, 2, true, 0, 1, 1, null),
            "True/AllWorkersReady", "True/DrainingQueues", "True/DrainJobFailed"),
        Arguments.of("scale-down waiting for sessions", new Observed(1, null, 1, 3, 3, 3, true, 0, 0, 0,
                "2 session(s) open on leaving ordinal(s) 1, 2"),
            "True/AllWorkersReady", "True/WaitingForSessions", "False/AsExpected"),
        Arguments.of("scaled to zero", new Observed(1, null, 0, 0, 0, 0, true, 0, 0, 0, null),
            "True/ScaledToZero", "False/Stable", "False/AsExpected"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reports(String name, Observed observed, String ready, String progressing, String degraded) {
    List<Condition> conditions = StatusPlanner.conditions(observed, List.of(), T0);
    assertThat(conditions).extracting(c -> c.type() + "=" + c.status() + "/" + c.reason())
        .containsExactly("Ready=" + ready, "Progressing=" + progressing, "Degraded=" + degraded);
    assertThat(conditions).allSatisfy(c -> {
      assertThat(c.reason()).matches("[A-Z][A-Za-z]+");
      assertThat(c.observedGeneration()).isEqualTo(observed.generation());
    });
  }

  @Test
  void keepsTheTransitionTimeUnlessTheStatusFlips() {
    Observed scaling = new Observed(1, null, 3, 1, 1, 1, true, 0, 0, 0, null);
    Observed stillScaling = new Observed(2, null, 3, 2, 2, 2, true, 0, 0, 0, null);
    Observed ready = new Observed(2, null, 3, 3, 3, 3, true, 0, 0, 0, null);
    List<Condition> first = StatusPlanner.conditions(scaling, List.of(), T0);
    List<Condition> second = StatusPlanner.conditions(stillScaling, first, T1);
    List<Condition> third = StatusPlanner.conditions(ready, second, T1);

    assertThat(second).allSatisfy(c -> {
      assertThat(c.lastTransitionTime()).isEqualTo(T0.toString());
      assertThat(c.observedGeneration()).as("decided for the new spec").isEqualTo(2);
    });
    assertThat(third.get(0).lastTransitionTime()).as("Ready flipped").isEqualTo(T1.toString());
    assertThat(third.get(2).lastTransitionTime()).as("Degraded did not").isEqualTo(T0.toString());
    assertThat(StatusPlanner.transitions(second, first)).isEmpty();
    assertThat(StatusPlanner.transitions(third, second)).extracting(Condition::type)
        .containsExactly(Condition.READY, Condition.PROGRESSING);
  }
}
