package dev.apscheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The allocation-free misfire check at a run's start agrees with {@code Duration} arithmetic. */
class StartsTooLateTest {

  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

  @Test
  void agreesWithDurationArithmeticAtTheEdgesAndAtRandom() {
    ZonedDateTime fire = ZonedDateTime.parse("2026-03-29T01:59:59.700+01:00[Europe/Berlin]");
    Duration grace = Duration.ofMillis(1500);
    assertThat(RunDispatcher.startsTooLate(fire, fire.toInstant().plus(grace), grace)).isFalse();
    assertThat(RunDispatcher.startsTooLate(fire, fire.toInstant().plus(grace).plusNanos(1), grace))
        .isTrue();
    assertThat(RunDispatcher.startsTooLate(fire, fire.toInstant().minusSeconds(5), grace))
        .isFalse();

    Random random = new Random(7);
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < 100_000; i++) {
      ZonedDateTime fireTime =
          base.plusSeconds(random.nextInt(100_000))
              .plusNanos(random.nextInt(1_000_000_000))
              .atZone(ZONE);
      Instant start = fireTime.toInstant().plusNanos(random.nextLong() % 5_000_000_000L);
      Duration g = Duration.ofNanos(Math.abs(random.nextLong() % 3_000_000_000L));
      boolean expected = Duration.between(fireTime.toInstant(), start).compareTo(g) > 0;
      assertThat(RunDispatcher.startsTooLate(fireTime, start, g))
          .as("fire %s start %s grace %s", fireTime, start, g)
          .isEqualTo(expected);
    }
  }
}
