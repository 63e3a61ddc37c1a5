package dev.locus.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TemporalReadsTest {
  @Test
  void aReadThatMadeSeveralCallsPaysForEachWithTheTicksAfterIt() throws Exception {
    AtomicInteger listings = new AtomicInteger();
    AtomicInteger cheap = new AtomicInteger();
    try (TemporalReads reads = new TemporalReads(20)) {
      // Due on every tick: a listing of 10 calls, and a read of one.
      reads.schedule("listing", ReadSchedule.Tier.FRESH, Duration.ofMillis(1), () -> {
        listings.incrementAndGet();
        return 10;
      });
      reads.schedule("cheap", ReadSchedule.Tier.BACKGROUND, Duration.ofMillis(1), () -> {
        cheap.incrementAndGet();
        return 1;
      });
      Thread.sleep(2200);
    }
    // 20 calls a second for about 2 s: the listing (10 calls) and nothing else, about four times.
    assertThat(listings.get()).isBetween(3, 5);
    assertThat(cheap.get()).as("the fresh listing is always due first").isZero();
    assertThat(listings.get() * 10 + cheap.get()).isLessThanOrEqualTo(20 * 22 / 10 + 10);
  }

  @Test
  void aCancelledReadIsNotMadeAgain() throws Exception {
    AtomicInteger made = new AtomicInteger();
    try (TemporalReads reads = new TemporalReads(50)) {
      reads.schedule("q", ReadSchedule.Tier.BACKGROUND, Duration.ofMillis(1), made::incrementAndGet);
      Thread.sleep(300);
      reads.cancel("q");
      int before = made.get();
      Thread.sleep(300);
      assertThat(before).isPositive();
      assertThat(made.get()).isLessThanOrEqualTo(before + 1);
    }
  }

  @Test
  void aReadThatBecomesFreshIsDueAtOnceAndOneScheduledAgainKeepsItsTime() throws Exception {
    AtomicInteger made = new AtomicInteger();
    TemporalReads.Read read = () -> {
      made.incrementAndGet();
      return 1;
    };
    try (TemporalReads reads = new TemporalReads(50)) {
      reads.schedule("q", ReadSchedule.Tier.BACKGROUND, Duration.ofMinutes(1), read);
      Thread.sleep(200);
      assertThat(made.get()).as("never read: due at once").isEqualTo(1);
      reads.schedule("q", ReadSchedule.Tier.BACKGROUND, Duration.ofMinutes(1), read);
      Thread.sleep(200);
      assertThat(made.get()).as("read a moment ago: not due for a minute").isEqualTo(1);
      reads.schedule("q", ReadSchedule.Tier.FRESH, Duration.ofMinutes(1), read);
      Thread.sleep(200);
      assertThat(made.get()).as("a decision waits on it now").isEqualTo(2);
      reads.schedule("q", ReadSchedule.Tier.FRESH, Duration.ofMinutes(1), read);
      Thread.sleep(200);
      assertThat(made.get()).as("still fresh, read a moment ago").isEqualTo(2);
    }
  }

  @Test
  void aBudgetMustBePositive() {
    assertThatThrownBy(() -> new TemporalReads(0)).hasMessageContaining("read budget must be positive");
  }
}
