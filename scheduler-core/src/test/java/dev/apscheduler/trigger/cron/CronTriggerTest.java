package dev.apscheduler.trigger.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronTriggerTest {

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final ZoneId UTC = ZoneId.of("UTC");

  static Optional<ZonedDateTime> next(CronTrigger trigger, String now) {
    return trigger.nextFireTime(null, ZonedDateTime.parse(now));
  }

  static String nextUtc(CronTrigger trigger, String now) {
    return next(trigger, now).map(t -> Instant.from(t).toString()).orElse("None");
  }

  // ------------------------------------------------------------------ invalid input

  @ParameterizedTest(name = "{0}=''{1}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "hour|0-24|24 is above the maximum 23",
        "minute|60|60 is above the maximum 59",
        "second|*/60|the step 60 is larger than the field's range 59",
        "month|13|13 is above the maximum 12",
        "month|0|0 is below the minimum 1",
        "month|foo|unknown month name 'foo'; accepted: jan..dec",
        "month|jan-foo|unknown month name 'foo'",
        "month|dec-jan|the range start dec is after its end jan",
        "month|jan-jun/2|not a valid expression",
        "day|32|32 is above the maximum 31",
        "day|6th fri|the position must be one of 1st, 2nd, 3rd, 4th, 5th or last",
        "day|0th fri|the position must be one of",
        "day|1st foo|unknown weekday name 'foo'; accepted: mon..sun",
        "day|1st 0|unknown weekday name '0'",
        "day|lastx|not a valid expression",
        "day|last fri x|not a valid expression",
        "week|0|0 is below the minimum 1",
        "week|54|54 is above the maximum 53",
        "day_of_week|7|7 is above the maximum 6",
        "day_of_week|sat-mon|the range start sat is after its end mon (ranges do not wrap around)",
        "day_of_week|mon-fri/2|not a valid expression",
        "day_of_week|funday|unknown weekday name 'funday'; accepted: mon..sun",
        "day_of_week|1st mon|not a valid expression",
        "year|1969|1969 is below the minimum 1970",
        "year|10000|10000 is above the maximum 9999",
        "year|2009-fault|not a valid expression; accepted:",
        "hour|mon|not a valid expression",
        "hour|5-5/1|the step 1 is larger than the range of the expression (0)",
        "hour|*/0|the step must be at least 1",
        "hour|3/0|the step must be at least 1",
        "hour|99999999999999|is above the maximum 23",
        "hour|1 2|not a valid expression",
        "hour|-1|not a valid expression",
        "hour|1.5|not a valid expression",
        "hour|**|not a valid expression",
      })
  void refusesInvalidExpression(String field, String text, String reason) {
    assertThatThrownBy(() -> withField(field, text).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(field + ": '" + text + "': ")
        .hasMessageContaining(reason);
  }

  @Test
  void listErrorsNameThePartAndTheWholeText() {
    assertThatThrownBy(() -> CronTrigger.builder().timezone(UTC).day("1,15,6th fri").build())
        .hasMessage(
            "day: '6th fri' in '1,15,6th fri': the position must be one of 1st, 2nd, 3rd, 4th,"
                + " 5th or last (as in '3rd fri')");
    assertThatThrownBy(() -> CronTrigger.builder().timezone(UTC).minute("1,").build())
        .hasMessageStartingWith("minute: '' in '1,': not a valid expression; accepted:");
  }

  @Test
  void refusesEmptyAndBlankExpressions() {
    assertThatThrownBy(() -> CronTrigger.builder().hour("").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("hour: '' is empty; accepted: '*'");
    assertThatThrownBy(() -> CronTrigger.builder().second("   ").build())
        .hasMessageStartingWith("second: '   ' is empty");
  }

  @Test
  void refusesBadDatesAndOptions() {
    assertThatThrownBy(() -> CronTrigger.builder().timezone(UTC).startDate("tomorrow").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("start_date: 'tomorrow' is not a valid date");
    assertThatThrownBy(
            () ->
                CronTrigger.builder()
                    .timezone(UTC)
                    .startDate("2024-01-02")
                    .endDate("2024-01-01")
                    .build())
        .hasMessageStartingWith("end_date: 2024-01-01T00:00Z[UTC] is before start_date");
    assertThatThrownBy(() -> CronTrigger.builder().jitter(Duration.ofSeconds(-1)).build())
        .hasMessageStartingWith("jitter: must not be negative");
    assertThatThrownBy(() -> CronTrigger.builder().hour(1).crontab("* * * * *").build())
        .hasMessageStartingWith("crontab: cannot be combined with keyword fields");
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "* * * *|has 4 fields; expected 5: minute hour day month day_of_week",
        "* * * * * *|has 6 fields; expected 5",
        "''|has 0 fields; expected 5",
        "@reboot|is not a supported macro; accepted: @hourly, @daily",
        "@every 5m|is not a supported macro",
        "60 * * * *|minute: '60': 60 is above the maximum 59",
        "* 24 * * *|hour: '24': 24 is above the maximum 23",
        "* * 0 * *|day: '0': 0 is below the minimum 1",
        "* * * 13 *|month: '13': 13 is above the maximum 12",
        "* * * * 8|day_of_week: '8': 8 is above the maximum 7",
        "* * * * sat-mon|day_of_week: 'sat-mon': the range start sat is after its end mon",
        "* * * * 5-1|day_of_week: '5-1': the range start 5 is after its end 1 (ranges do not wrap",
        "* * * * fri/2|day_of_week: 'fri/2': not a valid expression; accepted:",
        "*/0 * * * *|minute: '*/0': the step must be at least 1",
      })
  void refusesInvalidCrontab(String line, String reason) {
    assertThatThrownBy(() -> CronTrigger.fromCrontab(line, UTC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + line + "'")
        .hasMessageContaining(reason);
  }

  // ------------------------------------------------------------------ grammar and defaults

  @Test
  void acceptsNamesCaseAndSpacesAsThreeX() {
    CronTrigger t =
        CronTrigger.builder()
            .timezone(UTC)
            .month(" JAN , Mar-may ")
            .day("1ST Mon,  LAST")
            .dayOfWeek("Mon-FRI,sun")
            .hour("08")
            .build();
    assertThat(t.toString())
        .isEqualTo(
            "cron[month='jan,mar-may', day='1st mon,last', day_of_week='mon-fri,sun', hour='8']");
    assertThat(t.fields())
        .containsExactly(
            Map.entry("month", " JAN , Mar-may "),
            Map.entry("day", "1ST Mon,  LAST"),
            Map.entry("day_of_week", "Mon-FRI,sun"),
            Map.entry("hour", "08"));
  }

  @Test
  void toStringLikeTheOriginal() {
    assertThat(
            CronTrigger.builder()
                .timezone(UTC)
                .month("6-8")
                .day("3rd fri")
                .hour("0-3")
                .build()
                .toString())
        .isEqualTo("cron[month='6-8', day='3rd fri', hour='0-3']");
    assertThat(
            CronTrigger.builder().timezone(UTC).year("2009/2").month("1/3").minute("*/5").build())
        .hasToString("cron[year='2009/2', month='1/3', minute='*/5']");
    assertThat(CronTrigger.builder().timezone(UTC).hour("5-5").second("*").build())
        .hasToString("cron[hour='5', second='*']");
    assertThat(CronTrigger.fromCrontab("0 9 * * 1-5", UTC))
        .hasToString("cron[crontab='0 9 * * 1-5']");
  }

  @Test
  void defaultsBelowTheLeastSignificantGivenFieldAreMinimumsAndAboveAreAny() {
    // only the day given: hour, minute, second 0; year and month any
    assertThat(nextUtc(CronTrigger.builder().timezone(UTC).day(15).build(), "2024-01-15T00:00:01Z"))
        .isEqualTo("2024-02-15T00:00:00Z");
    // only the month given: day 1 at midnight
    assertThat(
            nextUtc(CronTrigger.builder().timezone(UTC).month(3).build(), "2024-01-15T00:00:00Z"))
        .isEqualTo("2024-03-01T00:00:00Z");
    // day_of_week given last: the day stays '*'
    assertThat(
            nextUtc(
                CronTrigger.builder().timezone(UTC).dayOfWeek("sun").build(),
                "2024-01-01T10:00:00Z"))
        .isEqualTo("2024-01-07T00:00:00Z");
    // nothing given: every second
    assertThat(nextUtc(CronTrigger.builder().timezone(UTC).build(), "2024-01-01T10:00:00.5Z"))
        .isEqualTo("2024-01-01T10:00:01Z");
  }

  @Test
  void intOverloadsEqualStrings() {
    CronTrigger a =
        CronTrigger.builder()
            .timezone(UTC)
            .year(2030)
            .month(2)
            .day(3)
            .week(5)
            .dayOfWeek(6)
            .hour(7)
            .minute(8)
            .second(9)
            .build();
    CronTrigger b =
        CronTrigger.builder()
            .timezone(UTC)
            .year("2030")
            .month("2")
            .day("3")
            .week("5")
            .dayOfWeek("6")
            .hour("7")
            .minute("8")
            .second("9")
            .build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
  }

  // ------------------------------------------------------------------ accessors and equality

  @Test
  void accessorsRebuildAnEqualTrigger() {
    CronTrigger original =
        CronTrigger.builder()
            .month("jan-mar")
            .day("last fri")
            .hour("9-17/2")
            .startDate("2024-01-01 09:00:00")
            .endDate("2025-01-01")
            .timezone(BERLIN)
            .jitter(Duration.ofSeconds(30))
            .build();
    assertThat(original.zone()).isEqualTo(BERLIN);
    assertThat(original.jitter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(original.crontab()).isEmpty();
    assertThat(original.startDate())
        .contains(ZonedDateTime.parse("2024-01-01T09:00+01:00[Europe/Berlin]"));
    assertThat(original.endDate())
        .contains(ZonedDateTime.parse("2025-01-01T00:00+01:00[Europe/Berlin]"));

    CronTrigger.Builder b = CronTrigger.builder();
    original.fields().forEach((k, v) -> withField(b, k, v));
    CronTrigger rebuilt =
        b.startDate(original.startDate().orElseThrow())
            .endDate(original.endDate().orElseThrow())
            .timezone(original.zone())
            .jitter(original.jitter())
            .build();
    assertThat(rebuilt).isEqualTo(original).hasSameHashCodeAs(original);
    assertThat(rebuilt).isNotEqualTo(withField("hour", "9-17/3").timezone(BERLIN).build());

    CronTrigger crontab = CronTrigger.fromCrontab("*/5 9-17 * * mon-fri", BERLIN);
    assertThat(crontab.crontab()).contains("*/5 9-17 * * mon-fri");
    assertThat(
            CronTrigger.builder().crontab(crontab.crontab().get()).timezone(crontab.zone()).build())
        .isEqualTo(crontab)
        .hasSameHashCodeAs(crontab);
    assertThat(crontab.fields())
        .containsEntry("minute", "*/5")
        .containsEntry("day_of_week", "mon-fri");
  }

  @Test
  void zoneDefaultsToTheStartDatesZone() {
    ZonedDateTime start = ZonedDateTime.parse("2024-01-01T00:00+09:00[Asia/Tokyo]");
    assertThat(CronTrigger.builder().hour(1).startDate(start).build().zone())
        .isEqualTo(ZoneId.of("Asia/Tokyo"));
    assertThat(CronTrigger.builder().hour(1).endDate(start).build().zone())
        .isEqualTo(ZoneId.of("Asia/Tokyo"));
  }

  // ------------------------------------------------------------------ behaviour

  @Test
  @Timeout(5)
  void neverFiringTriggersFinishQuickly() {
    String now = "2024-06-01T00:00:00Z";
    assertThat(next(CronTrigger.builder().timezone(UTC).month(2).day(30).build(), now)).isEmpty();
    assertThat(next(CronTrigger.builder().timezone(UTC).month(4).day(31).build(), now)).isEmpty();
    assertThat(next(CronTrigger.builder().timezone(UTC).year(2009).build(), now)).isEmpty();
    assertThat(
            next(
                CronTrigger.builder()
                    .timezone(UTC)
                    .month(2)
                    .day("5th sat")
                    .dayOfWeek("sun")
                    .build(),
                now))
        .isEmpty();
    assertThat(next(CronTrigger.builder().timezone(UTC).week(53).month(6).build(), now)).isEmpty();
    assertThat(
            next(
                CronTrigger.builder().timezone(UTC).hour(1).endDate("2024-01-01 00:00:00").build(),
                now))
        .isEmpty();
    for (int i = 0; i < 1000; i++) {
      assertThat(next(CronTrigger.builder().timezone(BERLIN).month(2).day(30).build(), now))
          .isEmpty();
    }
  }

  @Test
  void leapDayOnAWeekdayCanBeDecadesAway() {
    // Feb 29 on a Monday: 2016, then 2044
    CronTrigger t = CronTrigger.builder().timezone(UTC).month(2).day(29).dayOfWeek("mon").build();
    assertThat(nextUtc(t, "2016-03-01T00:00:00Z")).isEqualTo("2044-02-29T00:00:00Z");
  }

  @Test
  void isoWeekOneMayStartInDecember() {
    // 2025-12-29 (Monday) is in ISO week 1 of 2026; 2024-12-30 likewise for 2025
    CronTrigger t = CronTrigger.builder().timezone(UTC).week(1).dayOfWeek("mon").build();
    assertThat(nextUtc(t, "2025-12-01T00:00:00Z")).isEqualTo("2025-12-29T00:00:00Z");
    assertThat(nextUtc(t, "2024-12-01T00:00:00Z")).isEqualTo("2024-12-30T00:00:00Z");
    CronTrigger week2 = CronTrigger.builder().timezone(UTC).week(2).dayOfWeek("mon").build();
    assertThat(nextUtc(week2, "2025-12-01T00:00:00Z")).isEqualTo("2026-01-05T00:00:00Z");
  }

  @Test
  void lastWeekdayAndPositionsUseTheMonthsLength() {
    CronTrigger t = CronTrigger.builder().timezone(UTC).day("last mon").build();
    assertThat(nextUtc(t, "2024-02-01T00:00:00Z")).isEqualTo("2024-02-26T00:00:00Z");
    assertThat(nextUtc(t, "2024-04-30T00:00:00Z")).isEqualTo("2024-05-27T00:00:00Z");
    CronTrigger fifth = CronTrigger.builder().timezone(UTC).day("5th thu").build();
    assertThat(nextUtc(fifth, "2024-01-01T00:00:00Z")).isEqualTo("2024-02-29T00:00:00Z");
  }

  @Test
  void dayRangesAreClippedToTheMonth() {
    CronTrigger t = CronTrigger.builder().timezone(UTC).day("29-31").build();
    assertThat(nextUtc(t, "2023-02-01T00:00:00Z")).isEqualTo("2023-03-29T00:00:00Z");
    CronTrigger step = CronTrigger.builder().timezone(UTC).day("*/10").build();
    assertThat(nextUtc(step, "2024-01-22T00:00:00Z")).isEqualTo("2024-01-31T00:00:00Z");
    assertThat(nextUtc(step, "2024-02-22T00:00:00Z")).isEqualTo("2024-03-01T00:00:00Z");
  }

  @Test
  void crontabSundayIsZeroAndSevenAndMacrosExpand() {
    String now = "2024-01-01T00:30:00Z"; // a Monday
    assertThat(nextUtc(CronTrigger.fromCrontab("0 9 * * 7", UTC), now))
        .isEqualTo("2024-01-07T09:00:00Z");
    assertThat(nextUtc(CronTrigger.fromCrontab("0 9 * * sun", UTC), now))
        .isEqualTo("2024-01-07T09:00:00Z");
    assertThat(nextUtc(CronTrigger.fromCrontab("0 9 * * fri-sun", UTC), now))
        .isEqualTo("2024-01-05T09:00:00Z");
    assertThat(nextUtc(CronTrigger.fromCrontab("0 9 * * 1-5", UTC), now))
        .isEqualTo("2024-01-01T09:00:00Z");
    assertThat(nextUtc(CronTrigger.fromCrontab("@hourly", UTC), now))
        .isEqualTo("2024-01-01T01:00:00Z");
    assertThat(nextUtc(CronTrigger.fromCrontab("@daily", UTC), now))
        .isEqualTo("2024-01-02T00:00:00Z");
    assertThat(nextUtc(CronTrigger.fromCrontab("@midnight", UTC), now))
        .isEqualTo("2024-01-02T00:00:00Z");
    assertThat(nextUtc(CronTrigger.fromCrontab("@weekly", UTC), now))
        .isEqualTo("2024-01-07T00:00:00Z");
    assertThat(nextUtc(CronTrigger.fromCrontab("@monthly", UTC), now))
        .isEqualTo("2024-02-01T00:00:00Z");
    assertThat(nextUtc(CronTrigger.fromCrontab("@yearly", UTC), now))
        .isEqualTo("2025-01-01T00:00:00Z");
    assertThat(nextUtc(CronTrigger.fromCrontab("@annually", UTC), now))
        .isEqualTo("2025-01-01T00:00:00Z");
    // Vixie: a '*'-prefixed day of week leaves the day of month alone (AND)
    assertThat(nextUtc(CronTrigger.fromCrontab("0 0 13 * */1", UTC), now))
        .isEqualTo("2024-01-13T00:00:00Z");
    // both restricted: either matches (Friday 5 Jan before the 13th)
    assertThat(nextUtc(CronTrigger.fromCrontab("0 0 13 * 5", UTC), now))
        .isEqualTo("2024-01-05T00:00:00Z");
  }

  @Test
  void springGapTimeFiresOnceAtTheShiftedInstantAndTheNextDayNormally() {
    CronTrigger t = CronTrigger.builder().timezone(ZoneId.of("US/Eastern")).hour(0).build();
    // daily at midnight across the spring change: no day is skipped (3.x issue #606)
    ZonedDateTime first = next(t, "2013-03-10T05:00:00Z").orElseThrow();
    assertThat(first.toInstant()).hasToString("2013-03-10T05:00:00Z");
    assertThat(t.nextFireTime(first, first).orElseThrow().toInstant())
        .hasToString("2013-03-11T04:00:00Z");
  }

  @Test
  void previousFireTimeInThePastListsMissedRuns() {
    CronTrigger t = CronTrigger.builder().timezone(UTC).hour("*").build();
    ZonedDateTime previous = ZonedDateTime.parse("2024-01-01T00:00:00Z");
    ZonedDateTime now = ZonedDateTime.parse("2024-01-01T05:30:00Z");
    assertThat(t.nextFireTime(previous, now).orElseThrow().toInstant())
        .hasToString("2024-01-01T01:00:00Z");
  }

  @Test
  void jitterStaysWithinBoundsAndTheEndDate() {
    CronTrigger t =
        CronTrigger.builder()
            .timezone(UTC)
            .minute("*/10")
            .endDate("2024-01-01 00:10:30")
            .jitter(Duration.ofMinutes(1))
            .build();
    for (int i = 0; i < 200; i++) {
      ZonedDateTime r = next(t, "2024-01-01T00:00:01Z").orElseThrow();
      assertThat(r)
          .isBetween(
              ZonedDateTime.parse("2024-01-01T00:10:00Z"),
              ZonedDateTime.parse("2024-01-01T00:10:30Z"));
    }
  }

  @Test
  void resultIsInTheTriggersZone() {
    CronTrigger t = CronTrigger.builder().timezone(BERLIN).hour(9).build();
    ZonedDateTime r = next(t, "2024-01-01T00:00:00-05:00").orElseThrow();
    assertThat(r.getZone()).isEqualTo(BERLIN);
    assertThat(r.toLocalDateTime()).hasToString("2024-01-01T09:00");
  }

  @Test
  void aSimpleExpressionIsCheap() {
    CronTrigger t = CronTrigger.builder().timezone(BERLIN).minute("*/15").build();
    ZonedDateTime current = ZonedDateTime.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < 100_000; i++) {
      current = t.nextFireTime(current, current).orElseThrow();
    }
    assertThat(current.toInstant()).hasToString("2026-11-07T16:00:00Z");
  }

  // ------------------------------------------------------------------ helpers

  static CronTrigger.Builder withField(String field, String text) {
    return withField(CronTrigger.builder(), field, text);
  }

  static CronTrigger.Builder withField(CronTrigger.Builder b, String field, String text) {
    UnaryOperator<CronTrigger.Builder> f =
        switch (field) {
          case "year" -> x -> x.year(text);
          case "month" -> x -> x.month(text);
          case "day" -> x -> x.day(text);
          case "week" -> x -> x.week(text);
          case "day_of_week" -> x -> x.dayOfWeek(text);
          case "hour" -> x -> x.hour(text);
          case "minute" -> x -> x.minute(text);
          case "second" -> x -> x.second(text);
          default -> throw new AssertionError(field);
        };
    return f.apply(b);
  }

  @Test
  void refusesDatesAndJitterOutsideTheSupportedRange() {
    assertThatThrownBy(
            () ->
                CronTrigger.builder()
                    .timezone(UTC)
                    .startDate(ZonedDateTime.parse("+10000-01-01T00:00:00Z"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("start_date: +10000-01-01T00:00Z is outside")
        .hasMessageContaining("0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z");
    assertThatThrownBy(
            () ->
                CronTrigger.builder()
                    .timezone(UTC)
                    .endDate(ZonedDateTime.parse("-5000-01-01T00:00:00Z"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("end_date: ");
    assertThatThrownBy(
            () -> CronTrigger.builder().jitter(Duration.ofSeconds(Long.MAX_VALUE)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("jitter: ")
        .hasMessageContaining("at most 365 days");
  }

  @Test
  void jitterNearTheLastSupportedDateStaysWithinIt() {
    CronTrigger lastSecond =
        CronTrigger.builder()
            .timezone(UTC)
            .year(9999)
            .month(12)
            .day(31)
            .hour(23)
            .minute(59)
            .second(59)
            .jitter(Duration.ofDays(365))
            .build();
    for (int i = 0; i < 50; i++) {
      assertThat(next(lastSecond, "9999-01-01T00:00:00Z").orElseThrow().toInstant())
          .isBetween(
              Instant.parse("9999-12-31T23:59:59Z"),
              Instant.parse("9999-12-31T23:59:59.999999999Z"));
    }
  }
}
