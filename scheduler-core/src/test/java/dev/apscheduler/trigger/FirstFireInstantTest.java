package dev.apscheduler.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The engine asks a trigger for its first fire time as an instant ({@link
 * Trigger#firstFireInstant}); interval and date triggers answer without calendar arithmetic, and
 * must answer exactly what {@link Trigger#nextFireTime} says, in every zone, across DST changes.
 */
class FirstFireInstantTest {

  private static final List<ZoneId> ZONES =
      List.of(
          ZoneId.of("UTC"),
          ZoneId.of("Europe/Berlin"),
          ZoneId.of("America/New_York"),
          ZoneId.of("Australia/Lord_Howe"),
          ZoneId.of("Asia/Kolkata"));

  private static Instant expected(Trigger trigger, Instant now, ZoneId zone) {
    return trigger.nextFireTime(null, now.atZone(zone)).map(ZonedDateTime::toInstant).orElse(null);
  }

  @Test
  void intervalTriggersAgreeWithNextFireTime() {
    Random random = new Random(20261202);
    Instant base = Instant.parse("2026-03-29T00:30:00Z");
    for (int i = 0; i < 20_000; i++) {
      ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
      Duration interval =
          Duration.ofSeconds(1 + random.nextInt(200_000)).plusMillis(random.nextInt(1000));
      Instant now = base.plusSeconds(random.nextInt(30 * 86_400));
      IntervalTrigger.Builder builder = IntervalTrigger.builder().interval(interval).timezone(zone);
      if (random.nextBoolean()) {
        builder.startDate(now.plusSeconds(random.nextInt(400_000) - 200_000).atZone(zone));
      }
      if (random.nextInt(4) == 0) {
        builder.endDate(now.plusSeconds(random.nextInt(400_000)).atZone(zone));
      }
      IntervalTrigger trigger;
      try {
        trigger = builder.build();
      } catch (IllegalArgumentException endBeforeStart) {
        continue;
      }
      assertThat(trigger.firstFireInstant(now, zone))
          .as("%s at %s", trigger, now)
          .isEqualTo(expected(trigger, now, zone));
    }
  }

  @Test
  void atTheLimitOfSupportedDatesBothSayNever() {
    IntervalTrigger trigger = IntervalTrigger.of(Duration.ofDays(2));
    Instant now = TriggerDates.MAX_SUPPORTED.minus(Duration.ofDays(1));

    assertThat(trigger.firstFireInstant(now, ZoneId.of("UTC"))).isNull();
    assertThat(expected(trigger, now, ZoneId.of("UTC"))).isNull();
  }

  @Test
  void dateTriggersAndTheDefaultAgreeWithNextFireTime() {
    Instant now = Instant.parse("2026-10-25T00:30:00Z");
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    DateTrigger date = DateTrigger.of(now.plusSeconds(3600).atZone(berlin));
    Trigger custom = (previous, at) -> java.util.Optional.of(at.plusMinutes(5));

    assertThat(date.firstFireInstant(now, berlin)).isEqualTo(expected(date, now, berlin));
    assertThat(custom.firstFireInstant(now, berlin)).isEqualTo(now.plusSeconds(300));
  }
}
