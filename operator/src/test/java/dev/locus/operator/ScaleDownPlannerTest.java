package dev.locus.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.operator.api.v1alpha1.ScaleDownStatus;
import dev.locus.operator.metrics.SessionCensus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScaleDownPlannerTest {
  private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(300);
  private static final Set<Integer> FOUR = Set.of(0, 1, 2, 3);

  /** Sessions by ordinal, reported {@code after} the cordon. */
  private static Optional<Map<Integer, SessionCensus.Reading>> counts(Duration after, int... ordinalThenSessions) {
    Map<Integer, SessionCensus.Reading> counts = new java.util.HashMap<>();
    for (int i = 0; i + 1 < ordinalThenSessions.length; i += 2) {
      counts.put(ordinalThenSessions[i], new SessionCensus.Reading(ordinalThenSessions[i + 1], 0, T0.plus(after)));
    }
    return Optional.of(counts);
  }

  private static final Duration LATER = Duration.ofSeconds(30);

  private static ScaleDownStatus since(Instant t) {
    return new ScaleDownStatus(1, t.toString(), null, java.util.List.of(1, 2, 3));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // name, wanted, current, live, sessions, previous, timeout, now -> sts replicas, cordoned, waiting
        Arguments.of("no scale-down", 4, 4, FOUR, Optional.empty(), null, TIMEOUT, T0, 4, Set.of(), false),
        Arguments.of("scale-up", 5, 4, FOUR, Optional.empty(), null, TIMEOUT, T0, 5, Set.of(), false),
        Arguments.of("first StatefulSet", 4, null, Set.of(), Optional.empty(), null, TIMEOUT, T0, 4, Set.of(), false),
        Arguments.of("4 -> 1 with sessions open: cordon 1-3, hold", 1, 4, FOUR,
            counts(LATER, 0, 2, 1, 1, 2, 0, 3, 2), null, TIMEOUT, T0, 4, Set.of(1, 2, 3), true),
        Arguments.of("their sessions finished: shrink", 1, 4, FOUR, counts(LATER, 0, 2, 1, 0, 3, 0),
            since(T0), TIMEOUT, T0.plusSeconds(40), 1, Set.of(1, 2, 3), false),
        Arguments.of("zero, but reported before the cordon settled: wait", 1, 4, FOUR,
            counts(Duration.ofSeconds(1), 1, 0, 2, 0, 3, 0), since(T0), TIMEOUT, T0.plusSeconds(3), 4,
            Set.of(1, 2, 3), true),
        Arguments.of("the bound is reached: shrink, what is open gets drained", 1, 4, FOUR,
            counts(LATER, 1, 1), since(T0), TIMEOUT, T0.plusSeconds(300), 1, Set.of(1, 2, 3), false),
        Arguments.of("not counted yet: wait a little", 1, 4, FOUR, Optional.empty(), since(T0), TIMEOUT,
            T0.plusSeconds(5), 4, Set.of(1, 2, 3), true),
        Arguments.of("never counted: give up waiting", 1, 4, FOUR, Optional.empty(), since(T0), TIMEOUT,
            T0.plusSeconds(15), 1, Set.of(1, 2, 3), false),
        Arguments.of("timeout 0: as before, no waiting", 1, 4, FOUR, counts(LATER, 1, 1), null,
            Duration.ZERO, T0, 1, Set.of(), false),
        Arguments.of("reverted while waiting: uncordon", 4, 4, FOUR, counts(LATER, 1, 1), since(T0), TIMEOUT,
            T0.plusSeconds(30), 4, Set.of(), false),
        Arguments.of("leaving pods already gone", 1, 4, Set.of(0), counts(LATER), null, TIMEOUT, T0, 1,
            Set.of(), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(String name, int wanted, Integer current, Set<Integer> live,
      Optional<Map<Integer, SessionCensus.Reading>> sessions,
      ScaleDownStatus previous, Duration timeout, Instant now, int replicas, Set<Integer> cordoned, boolean waiting) {
    ScaleDownPlanner.Decision d = ScaleDownPlanner.decide(wanted, current, live, sessions, previous, timeout, now);
    assertThat(d.statefulSetReplicas()).as("StatefulSet replicas").isEqualTo(replicas);
    assertThat(d.cordon()).as("cordoned").containsExactlyInAnyOrderElementsOf(cordoned);
    if (previous != null && cordoned.isEmpty()) {
      assertThat(d.uncordon()).as("what it cordoned before is uncordoned").containsExactlyInAnyOrder(1, 2, 3);
    }
    assertThat(d.waiting() != null).as("waiting: %s", d.waiting()).isEqualTo(waiting);
    assertThat(d.status() != null).isEqualTo(waiting);
    if (waiting) {
      assertThat(d.recheck()).isEqualTo(ScaleDownPlanner.RECHECK);
      assertThat(Instant.parse(d.status().since)).isEqualTo(previous == null ? now : Instant.parse(previous.since));
    }
  }
}
