package dev.locus.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.session.SessionLeaseCheckActivity.LeaseState;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a workflow waiting for its session gives its lease up as lost on its way to a worker, and when it asks again. */
class LeaseStartCheckTest {
  private static final long NOW = 1_000_000;
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);

  @ParameterizedTest(name = "pending={0} startedAgo={1}ms interval={2}ms: lost={3}, next={4}ms")
  @CsvSource({
      // waiting for a worker with a free slot: ask again later and later, up to 30 s apart
      "true,  -1,     3000,  false, 6000",
      "true,  -1,     16000, false, 30000",
      "true,  -1,     30000, false, 30000",
      // started, and the worker may still be listing the session in its presence: ask again once the grace is over
      "true,  0,      3000,  false, 9000",
      "true,  8999,   3000,  false, 1",
      // started and silent for three heartbeat timeouts: no worker runs it
      "true,  9000,   3000,  true,  0",
      "true,  600000, 30000, true,  0",
      // ended meanwhile: the lease's own end says how
      "false, -1,     3000,  false, 6000",
  })
  void decides(boolean pending, long startedAgo, long interval, boolean lost, long next) {
    LeaseState state = new LeaseState(pending, startedAgo < 0 ? 0 : NOW - startedAgo);
    assertThat(LeaseStartCheck.after(state, NOW, Duration.ofMillis(interval), HEARTBEAT_TIMEOUT))
        .isEqualTo(new LeaseStartCheck.Verdict(lost, Duration.ofMillis(next)));
  }

  @ParameterizedTest(name = "interval={0}ms: next={1}ms")
  @CsvSource({"3000, 6000", "20000, 30000"})
  void aFailedCheckIsAskedAgainLater(long interval, long next) {
    assertThat(LeaseStartCheck.after(null, NOW, Duration.ofMillis(interval), HEARTBEAT_TIMEOUT))
        .isEqualTo(new LeaseStartCheck.Verdict(false, Duration.ofMillis(next)));
  }
}
