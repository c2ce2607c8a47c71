package dev.apscheduler.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalendarIntervalTriggerTest {

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  static List<String> run(CalendarIntervalTrigger t, String now, int count) {
    List<String> out = new ArrayList<>();
    ZonedDateTime previous = null;
    ZonedDateTime current = ZonedDateTime.parse(now);
    for (int i = 0; i < count; i++) {
      var next = t.nextFireTime(previous, current);
      if (next.isEmpty()) {
        out.add("None");
        break;
      }
      out.add(next.get().toOffsetDateTime().toString());
      previous = next.get();
      current = next.get();
    }
    return out;
  }

  @Test
  void leapDayWithYearsSkipsYearsWithoutIt() {
    CalendarIntervalTrigger t =
        CalendarIntervalTrigger.builder()
            .years(1)
            .hour(9)
            .startDate(LocalDate.of(2024, 2, 29))
            .timezone(BERLIN)
            .build();
    assertThat(run(t, "2024-01-01T00:00:00+01:00", 2))
        .containsExactly("2024-02-29T09:00+01:00", "2028-02-29T09:00+01:00");
  }

  @Test
  void sameWallTimeAcrossDaylightSavingChanges() {
    CalendarIntervalTrigger t =
        CalendarIntervalTrigger.builder()
            .days(1)
            .hour(12)
            .startDate(LocalDate.of(2024, 3, 30))
            .timezone(BERLIN)
            .build();
    assertThat(run(t, "2024-03-01T00:00:00+01:00", 3))
        .containsExactly(
            "2024-03-30T12:00+01:00", "2024-03-31T12:00+02:00", "2024-04-01T12:00+02:00");
  }

  @Test
  void monthsThenWeeksAndDaysAreAdded() {
    CalendarIntervalTrigger t =
        CalendarIntervalTrigger.builder()
            .months(1)
            .weeks(1)
            .days(1)
            .startDate(LocalDate.of(2024, 1, 10))
            .timezone(ZoneId.of("UTC"))
            .build();
    assertThat(run(t, "2024-01-01T00:00:00Z", 3))
        .containsExactly("2024-01-10T00:00Z", "2024-02-18T00:00Z", "2024-03-26T00:00Z");
  }

  @Test
  void withoutPreviousTheFirstTimeIsNotBeforeNow() {
    CalendarIntervalTrigger t =
        CalendarIntervalTrigger.builder()
            .days(2)
            .hour(6)
            .startDate(LocalDate.of(2024, 1, 1))
            .timezone(ZoneId.of("UTC"))
            .build();
    assertThat(run(t, "2024-01-04T07:00:00Z", 1)).containsExactly("2024-01-05T06:00Z");
    // with a previous fire time the next one is returned even if in the past
    ZonedDateTime previous = ZonedDateTime.parse("2024-01-01T06:00:00Z");
    assertThat(t.nextFireTime(previous, ZonedDateTime.parse("2024-02-01T00:00:00Z")).orElseThrow())
        .isEqualTo(ZonedDateTime.parse("2024-01-03T06:00Z[UTC]"));
    // no start date: today in the trigger's zone
    CalendarIntervalTrigger today =
        CalendarIntervalTrigger.builder().days(1).hour(23).timezone(ZoneId.of("UTC")).build();
    assertThat(run(today, "2024-05-05T10:00:00Z", 1)).containsExactly("2024-05-05T23:00Z");
  }

  @Test
  void accessorsAndEquality() {
    CalendarIntervalTrigger a =
        CalendarIntervalTrigger.builder()
            .years(1)
            .months(2)
            .weeks(3)
            .days(4)
            .hour(5)
            .minute(6)
            .second(7)
            .startDate(LocalDate.of(2024, 1, 1))
            .endDate(LocalDate.of(2030, 1, 1))
            .timezone(BERLIN)
            .build();
    CalendarIntervalTrigger b =
        CalendarIntervalTrigger.builder()
            .years(a.years())
            .months(a.months())
            .weeks(a.weeks())
            .days(a.days())
            .hour(a.time().getHour())
            .minute(a.time().getMinute())
            .second(a.time().getSecond())
            .startDate(a.startDate().orElseThrow())
            .endDate(a.endDate().orElseThrow())
            .timezone(a.zone())
            .build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.time()).isEqualTo(LocalTime.of(5, 6, 7));
    assertThat(a).hasToString("calendarinterval[1 years, 2 months, 3 weeks, 4 days, at 05:06:07]");
  }

  @Test
  void refusesInvalidOptions() {
    assertThatThrownBy(() -> CalendarIntervalTrigger.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("interval: must be at least 1 day long");
    assertThatThrownBy(() -> CalendarIntervalTrigger.builder().days(-1).build())
        .hasMessageStartingWith("interval: years, months, weeks and days must not be negative");
    assertThatThrownBy(() -> CalendarIntervalTrigger.builder().days(1).hour(24).build())
        .hasMessageStartingWith("time: 24:0:0 is not a valid time of day");
    assertThatThrownBy(
            () ->
                CalendarIntervalTrigger.builder()
                    .days(1)
                    .startDate(LocalDate.of(2024, 2, 1))
                    .endDate(LocalDate.of(2024, 1, 1))
                    .build())
        .hasMessage("end_date: 2024-01-01 is before start_date 2024-02-01");
  }

  @Test
  void refusesIntervalsAndDatesOutsideTheSupportedRange() {
    assertThatThrownBy(() -> CalendarIntervalTrigger.builder().years(Integer.MAX_VALUE).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("interval: years=2147483647")
        .hasMessageContaining("0001-01-01 to 9999-12-31");
    assertThatThrownBy(() -> CalendarIntervalTrigger.builder().months(Integer.MAX_VALUE).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("interval: ");
    assertThatThrownBy(() -> CalendarIntervalTrigger.builder().years(9998).months(12).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("interval: ");
    assertThatThrownBy(
            () ->
                CalendarIntervalTrigger.builder()
                    .weeks(Integer.MAX_VALUE)
                    .days(Integer.MAX_VALUE)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("interval: ");
    assertThatThrownBy(
            () ->
                CalendarIntervalTrigger.builder()
                    .months(2)
                    .startDate(LocalDate.of(9999, 11, 15))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("interval: start_date 9999-11-15 plus")
        .hasMessageContaining("9999-12-31");
    assertThatThrownBy(
            () -> CalendarIntervalTrigger.builder().days(1).startDate(LocalDate.MIN).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("start_date: -999999999-01-01 is outside")
        .hasMessageContaining("0001-01-01 to 9999-12-31");
    assertThatThrownBy(
            () ->
                CalendarIntervalTrigger.builder()
                    .days(1)
                    .endDate(LocalDate.of(10_000, 1, 1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("end_date: +10000-01-01 is outside");
    CalendarIntervalTrigger longest =
        CalendarIntervalTrigger.builder().years(9998).months(11).days(30).build();
    assertThat(longest.years()).isEqualTo(9998);
  }

  @Test
  void fireTimesPastTheSupportedDatesEndTheTrigger() {
    CalendarIntervalTrigger daily =
        CalendarIntervalTrigger.builder()
            .days(1)
            .hour(12)
            .startDate(LocalDate.of(9999, 12, 30))
            .timezone(BERLIN)
            .build();
    assertThat(run(daily, "9999-12-30T00:00:00Z", 3))
        .containsExactly("9999-12-30T12:00+01:00", "9999-12-31T12:00+01:00", "None");
    ZonedDateTime endOfTime = ZonedDateTime.of(LocalDateTime.MAX, ZoneOffset.UTC);
    CalendarIntervalTrigger often =
        CalendarIntervalTrigger.builder().days(3_000_000).hour(23).timezone(BERLIN).build();
    assertThat(often.nextFireTime(null, endOfTime)).isEmpty();
    assertThat(often.nextFireTime(endOfTime, endOfTime)).isEmpty();
    ZonedDateTime farFuture = ZonedDateTime.of(999_999_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    assertThat(often.nextFireTime(farFuture, farFuture)).isEmpty();
    assertThat(often.nextFireTime(null, ZonedDateTime.parse("2026-01-01T00:00:00Z")))
        .map(t -> t.toLocalDate())
        .contains(LocalDate.of(2026, 1, 1));
  }
}
