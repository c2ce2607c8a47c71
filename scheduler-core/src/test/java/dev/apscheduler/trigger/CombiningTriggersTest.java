package dev.apscheduler.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apscheduler.trigger.cron.CronTrigger;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CombiningTriggersTest {

  static final ZoneId UTC = ZoneId.of("UTC");
  static final ZonedDateTime NOW = ZonedDateTime.parse("2024-01-01T00:00:00Z");

  static CronTrigger cron(String crontab) {
    return CronTrigger.fromCrontab(crontab, UTC);
  }

  @Test
  void andFindsTheFirstCommonTime() {
    AndTrigger t = AndTrigger.of(cron("*/6 * * * *"), cron("*/4 * * * *"), cron("*/5 * * * *"));
    ZonedDateTime first = t.nextFireTime(null, NOW.plusSeconds(1)).orElseThrow();
    assertThat(first.toInstant()).hasToString("2024-01-01T01:00:00Z");
    // iterating with a previous fire time makes progress (3.x would loop forever here)
    assertThat(t.nextFireTime(first, first).orElseThrow().toInstant())
        .hasToString("2024-01-01T02:00:00Z");
  }

  @Test
  @Timeout(10)
  void andGivesUpWhenTheTriggersNeverAgree() {
    AndTrigger t = AndTrigger.of(cron("0 * * * *"), cron("30 * * * *"));
    assertThat(t.nextFireTime(null, NOW)).isEmpty();
  }

  @Test
  void orTakesTheEarliestAndSkipsFinishedTriggers() {
    DateTrigger past = DateTrigger.of(ZonedDateTime.parse("2023-01-01T00:00:00Z"));
    OrTrigger t = OrTrigger.of(cron("0 12 * * *"), DateTrigger.of(NOW.plusHours(1)));
    assertThat(t.nextFireTime(null, NOW).orElseThrow()).isEqualTo(NOW.plusHours(1));
    ZonedDateTime afterDate = NOW.plusHours(1);
    assertThat(t.nextFireTime(afterDate, afterDate).orElseThrow().toInstant())
        .hasToString("2024-01-01T12:00:00Z");
    assertThat(OrTrigger.of(past).nextFireTime(past.runDate(), NOW)).isEmpty();
  }

  @Test
  void accessorsEqualityAndJitter() {
    CronTrigger a = cron("0 * * * *");
    CronTrigger b = cron("*/30 * * * *");
    assertThat(AndTrigger.of(a, b))
        .isEqualTo(AndTrigger.of(a, b))
        .hasSameHashCodeAs(AndTrigger.of(a, b));
    assertThat(AndTrigger.of(a, b)).isNotEqualTo(AndTrigger.of(b, a));
    assertThat(OrTrigger.of(a, b)).isEqualTo(OrTrigger.of(List.of(a, b), Duration.ZERO));
    assertThat(AndTrigger.of(a, b).triggers()).containsExactly(a, b);
    assertThat(OrTrigger.of(a).toString()).isEqualTo("or[cron[crontab='0 * * * *']]");
    assertThat(AndTrigger.of(a, b).toString())
        .isEqualTo("and[cron[crontab='0 * * * *'], cron[crontab='*/30 * * * *']]");
    OrTrigger jittered = OrTrigger.of(List.of(a), Duration.ofSeconds(10));
    assertThat(jittered.jitter()).isEqualTo(Duration.ofSeconds(10));
    ZonedDateTime r = jittered.nextFireTime(null, NOW.plusSeconds(1)).orElseThrow();
    assertThat(r).isBetween(NOW.plusHours(1), NOW.plusHours(1).plusSeconds(10));
  }

  @Test
  void refusesNoTriggers() {
    assertThatThrownBy(AndTrigger::of)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("triggers: at least one trigger is required, got none");
    assertThatThrownBy(OrTrigger::of).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AndTrigger.of(List.of(cron("* * * * *")), Duration.ofSeconds(-1)))
        .hasMessageStartingWith("jitter: must not be negative");
  }

  @Test
  void refusesJitterAboveTheLimit() {
    assertThatThrownBy(() -> AndTrigger.of(List.of(cron("* * * * *")), Duration.ofDays(400)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("jitter: ")
        .hasMessageContaining("at most 365 days");
    assertThatThrownBy(() -> OrTrigger.of(List.of(cron("* * * * *")), Duration.ofDays(400)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("jitter: ");
  }
}
