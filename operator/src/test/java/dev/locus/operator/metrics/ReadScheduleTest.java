package dev.locus.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.operator.metrics.ReadSchedule.Entry;
import dev.locus.operator.metrics.ReadSchedule.Tier;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReadScheduleTest {
  private static final long S = 1_000_000_000L;
  private static final long NOW = 1000 * S;
  private static final Duration TEN = Duration.ofSeconds(10);
  private static final Duration THIRTY = Duration.ofSeconds(30);

  private static Entry<String> fresh(String key, Long secondsAgo) {
    return new Entry<>(key, Tier.FRESH, TEN, secondsAgo == null ? null : NOW - secondsAgo * S);
  }

  private static Entry<String> background(String key, Long secondsAgo) {
    return new Entry<>(key, Tier.BACKGROUND, THIRTY, secondsAgo == null ? null : NOW - secondsAgo * S);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("nothing to read", List.of(), null),
        Arguments.of("nothing due yet", List.of(fresh("lease", 9L), background("worker", 29L)), null),
        Arguments.of("a due fresh read goes before an older background one",
            List.of(background("worker", 300L), fresh("lease", 10L)), "lease"),
        Arguments.of("never read goes first in its tier", List.of(fresh("lease-a", 50L), fresh("lease-b", null)),
            "lease-b"),
        Arguments.of("a fresh read never made goes before any background one",
            List.of(background("worker", null), fresh("lease", null)), "lease"),
        Arguments.of("within a tier, the most overdue for its period",
            List.of(fresh("lease-a", 12L), fresh("lease-b", 25L), fresh("lease-c", 11L)), "lease-b"),
        Arguments.of("background reads share what is left, oldest first",
            List.of(background("worker-a", 40L), background("worker-b", 90L), fresh("lease", 3L)), "worker-b"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void nextRead(String name, List<Entry<String>> entries, String expected) {
    assertThat(ReadSchedule.next(entries, NOW)).isEqualTo(Optional.ofNullable(expected));
  }
}
