package dev.locus.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.operator.api.v1alpha1.AutoscalingSpec;
import dev.locus.operator.api.v1alpha1.AutoscalingStatus.Recommendation;
import dev.locus.operator.api.v1alpha1.AutoscalingStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AutoscalePlannerTest {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  private static AutoscalingSpec spec(int min, int max, int upWindow, int downWindow) {
    AutoscalingSpec spec = new AutoscalingSpec();
    spec.minReplicas = min;
    spec.maxReplicas = max;
    spec.scaleUpStabilizationSeconds = upWindow;
    spec.scaleDownStabilizationSeconds = downWindow;
    return spec;
  }

  /** Changes of the recommendation {@code secondsAgo} before now: pairs of seconds ago and replicas. */
  private static AutoscalingStatus history(int... secondsAgoThenReplicas) {
    AutoscalingStatus status = new AutoscalingStatus();
    status.recommendations = new ArrayList<>();
    for (int i = 0; i + 1 < secondsAgoThenReplicas.length; i += 2) {
      status.recommendations.add(new Recommendation(secondsAgoThenReplicas[i + 1],
          NOW.minusSeconds(secondsAgoThenReplicas[i]).toString()));
    }
    return status;
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // name, spec, current, open, waiting, previous -> replicas
        Arguments.of("a burst: 2 open, 6 waiting, 1.6 sessions per worker -> 5", spec(1, 10, 0, 300), 1, 2, 6L,
            null, 5),
        Arguments.of("capped at maxReplicas", spec(1, 4, 0, 300), 1, 2, 60L, null, 4),
        Arguments.of("scale-up window: a lower wish 20 s ago holds it", spec(1, 10, 30, 300), 2, 2, 6L,
            history(20, 2), 2),
        Arguments.of("scale-up window: a lower wish until 20 s ago holds it", spec(1, 10, 30, 300), 2, 2, 6L,
            history(40, 1, 20, 5), 2),
        Arguments.of("scale-up window: higher throughout", spec(1, 10, 30, 300), 2, 2, 6L, history(50, 1, 35, 5), 5),
        Arguments.of("idle, but busy 100 s ago: stays", spec(1, 10, 0, 300), 5, 0, 0L, history(100, 5), 5),
        Arguments.of("idle throughout the window: down to minReplicas", spec(1, 10, 0, 300), 5, 0, 0L,
            history(400, 5, 310, 1), 1),
        Arguments.of("idle for 200 s only: stays", spec(1, 10, 0, 300), 5, 0, 0L, history(400, 5, 200, 1), 5),
        Arguments.of("sawtooth: no flapping", spec(1, 10, 0, 300), 4, 0, 0L,
            history(240, 4, 180, 1, 120, 4, 60, 1), 4),
        Arguments.of("steady", spec(1, 10, 0, 300), 3, 3, 1L, null, 3),
        Arguments.of("below minReplicas: raised at once", spec(2, 10, 60, 300), 0, 0, 0L, null, 2),
        Arguments.of("above maxReplicas: lowered at once", spec(1, 3, 0, 300), 6, 6, 0L, history(10, 6), 3));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(String name, AutoscalingSpec spec, int current, int open, long waiting, AutoscalingStatus previous,
      int replicas) {
    AutoscalePlanner.Decision d = AutoscalePlanner.decide(spec, current, 2, open, waiting, previous, NOW);
    assertThat(d.replicas()).isEqualTo(replicas);
    assertThat(d.reason() != null).isEqualTo(replicas != current);
    assertThat(d.status().recommendations).last()
        .satisfies(r -> assertThat(r.replicas).isEqualTo(d.status().recommendedReplicas));
    Instant windowOpens = NOW.minusSeconds(Math.max(spec.scaleUpStabilizationSeconds,
        spec.scaleDownStabilizationSeconds));
    var recommendations = d.status().recommendations;
    assertThat(recommendations.subList(1, recommendations.size()))
        .as("only the one in force when the window opens is older").allSatisfy(r -> assertThat(Instant.parse(r.at)).isAfter(windowOpens));
  }

  @Test
  void aSteadyRecommendationLeavesStatusAsItWas() {
    AutoscalingSpec spec = spec(1, 10, 0, 300);
    AutoscalePlanner.Decision first = AutoscalePlanner.decide(spec, 3, 2, 3, 1L, history(600, 1, 100, 3), NOW);
    AutoscalePlanner.Decision later = AutoscalePlanner.decide(spec, 3, 2, 3, 1L, first.status(),
        NOW.plusSeconds(10));
    assertThat(later.status()).usingRecursiveComparison().isEqualTo(first.status());
    assertThat(first.status().recommendations).extracting(r -> r.replicas).containsExactly(1, 3);

    AutoscalePlanner.Decision muchLater = AutoscalePlanner.decide(spec, 3, 2, 3, 1L, first.status(),
        NOW.plusSeconds(250));
    assertThat(muchLater.status().recommendations).as("the 1 is out of every window now")
        .extracting(r -> r.replicas).containsExactly(3);
  }

  @Test
  void withoutSignalsNothingChangesAndStatusSaysWhy() {
    AutoscalePlanner.Decision d = AutoscalePlanner.decide(spec(1, 10, 0, 300), 3, 2, null, 5L, null, NOW);
    assertThat(d.replicas()).isEqualTo(3);
    assertThat(d.reason()).isNull();
    assertThat(d.status().unavailable).contains("cannot be counted");
    assertThat(d.status().recommendations).as("nothing recommended without signals").isEmpty();
  }
}
