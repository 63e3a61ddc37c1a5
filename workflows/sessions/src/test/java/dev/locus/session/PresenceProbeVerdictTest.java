package dev.locus.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.session.PresenceProbeVerdict.Answer;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a probe of another worker's process reports it lost. */
class PresenceProbeVerdictTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  @ParameterizedTest(name = "{0}, answered once={1}, {2} ms since: {3}")
  @CsvSource({
      "HERE,            true,  0,     PRESENT",
      "HERE,            false, 0,     PRESENT",
      // silent, but not for the whole timeout yet
      "NONE,            true,  2999,  PRESENT",
      "NONE,            true,  3000,  SILENT",
      "NONE,            true,  60000, SILENT",
      // never answered this probe: a wrong or unreachable address, which only the presence's backstop may judge
      "NONE,            false, 60000, PRESENT",
      // nothing listens at its address (the process is gone) for the whole timeout, answered before or not
      "REFUSED,         false, 2999,  PRESENT",
      "REFUSED,         false, 3000,  SILENT",
      "REFUSED,         true,  3000,  SILENT",
      // another process of the same worker answers at its address: the one probed is gone, at once
      "ANOTHER_PROCESS, true,  0,     REPLACED",
      "ANOTHER_PROCESS, false, 0,     REPLACED",
      // the worker is there and its presence is over: the probe ends quietly
      "PRESENCE_OVER,   true,  0,     OVER",
  })
  void decides(Answer answer, boolean answeredOnce, long sinceMs, PresenceProbeVerdict verdict) {
    assertThat(PresenceProbeVerdict.of(answer, answeredOnce, Duration.ofMillis(sinceMs), TIMEOUT)).isEqualTo(verdict);
  }

  @ParameterizedTest(name = "timeout {0} ms: every {1} ms")
  @CsvSource({"3000, 750", "500, 125", "200, 100"})
  void asksFourTimesPerTimeoutAtMostEvery100Ms(long timeoutMs, long everyMs) {
    assertThat(PresenceProbeVerdict.interval(Duration.ofMillis(timeoutMs))).isEqualTo(Duration.ofMillis(everyMs));
  }
}
