package dev.apscheduler.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The interval and date rows of {@code shared/reference/apscheduler-trigger-vectors.md}. Each row
 * iterates {@code next = nextFireTime(previous = last, now = last)} from the row's now (and
 * previous) and compares instants.
 */
class IntervalAndDateVectorsTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId EASTERN = ZoneId.of("US/Eastern");
  private static final ZoneId UTC = ZoneId.of("UTC");

  private static ZonedDateTime at(String isoWithOffset) {
    return OffsetDateTime.parse(isoWithOffset).toZonedDateTime();
  }

  private static IntervalTrigger interval(ZoneId zone, Duration every, String start, String end) {
    IntervalTrigger.Builder builder = IntervalTrigger.builder().interval(every).timezone(zone);
    if (start != null) {
      builder.startDate(start);
    }
    if (end != null) {
      builder.endDate(end);
    }
    return builder.build();
  }

  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of(
            "int-01",
            interval(BERLIN, Duration.ofSeconds(1), "2009-08-04 00:00:02", null),
            "2009-08-04T00:00:00+02:00",
            null,
            List.of("2009-08-03T22:00:02Z"),
            false),
        Arguments.of(
            "int-02",
            interval(BERLIN, Duration.ofSeconds(1), "2009-08-04 00:00:02", null),
            "2009-08-04T00:00:02.001+02:00",
            null,
            List.of("2009-08-03T22:00:03Z"),
            false),
        Arguments.of(
            "int-03",
            interval(BERLIN, Duration.ofSeconds(1), "2009-08-04 00:00:02", null),
            "2009-08-03T22:00:02.001-01:00",
            null,
            List.of("2009-08-03T23:00:03Z"),
            false),
        Arguments.of(
            "int-04",
            interval(BERLIN, Duration.ofMinutes(5), "2014-05-26 00:00:00", "2014-05-26 00:07:00"),
            "2014-05-26T00:02:00+02:00",
            null,
            List.of("2014-05-25T22:05:00Z"),
            false),
        Arguments.of(
            "int-05",
            interval(BERLIN, Duration.ofMinutes(5), "2014-05-26 00:00:00", "2014-05-26 00:07:00"),
            "2014-05-26T00:06:00+02:00",
            null,
            List.of(),
            true),
        Arguments.of(
            "int-06",
            interval(EASTERN, Duration.ofHours(1), "2013-03-01 00:00:00", null),
            "2013-03-10T01:05:00-05:00",
            null,
            List.of("2013-03-10T07:00:00Z"),
            false),
        Arguments.of(
            "int-07",
            interval(EASTERN, Duration.ofHours(1), "2013-03-01 00:00:00", null),
            "2013-11-03T01:05:00-04:00",
            null,
            List.of("2013-11-03T06:00:00Z"),
            false),
        Arguments.of(
            "int-08",
            interval(EASTERN, Duration.ofHours(1), "2013-03-10 01:35:00", null),
            "2013-03-10T01:35:01-05:00",
            null,
            List.of("2013-03-10T07:35:00Z"),
            false),
        Arguments.of(
            "int-09",
            interval(EASTERN, Duration.ofHours(1), "2013-11-03T01:35:00-04:00", null),
            "2013-11-03T01:35:01-04:00",
            null,
            List.of("2013-11-03T06:35:00Z"),
            false),
        Arguments.of(
            "int-10",
            interval(BERLIN, Duration.ofDays(1), "2024-03-30 12:00:00", null),
            "2024-03-30T12:00:00+01:00",
            null,
            List.of("2024-03-30T11:00:00Z", "2024-03-31T11:00:00Z", "2024-04-01T11:00:00Z"),
            false),
        Arguments.of(
            "int-11",
            interval(BERLIN, Duration.ofHours(5), "2024-01-01 00:00:00", null),
            "2024-01-01T12:34:00+01:00",
            null,
            List.of("2024-01-01T14:00:00Z", "2024-01-01T19:00:00Z"),
            false),
        Arguments.of(
            "int-12",
            IntervalTrigger.builder()
                .weeks(1)
                .days(1)
                .hours(1)
                .minutes(1)
                .seconds(1)
                .startDate("2024-01-01 00:00:00")
                .timezone(UTC)
                .build(),
            "2023-12-01T00:00:00Z",
            null,
            List.of("2024-01-01T00:00:00Z", "2024-01-09T01:01:01Z"),
            false),
        Arguments.of(
            "date-01",
            DateTrigger.of("2009-07-06 00:00:00", BERLIN),
            "2008-05-04T00:00:00+02:00",
            null,
            List.of("2009-07-05T22:00:00Z"),
            true),
        Arguments.of(
            "date-02",
            DateTrigger.of("2009-07-06 00:00:00", BERLIN),
            "2009-07-06T00:00:00+02:00",
            null,
            List.of("2009-07-05T22:00:00Z"),
            true),
        Arguments.of(
            "date-03",
            DateTrigger.of("2009-07-06 00:00:00", BERLIN),
            "2009-09-02T00:00:00+02:00",
            null,
            List.of("2009-07-05T22:00:00Z"),
            true),
        Arguments.of(
            "date-04",
            DateTrigger.of("2009-7-6", BERLIN),
            "2009-09-02T00:00:00+02:00",
            null,
            List.of("2009-07-05T22:00:00Z"),
            true),
        Arguments.of(
            "date-05",
            DateTrigger.of("2009-07-06 00:00:00", BERLIN),
            "2009-09-02T00:00:00+02:00",
            "2009-07-06T00:00:00+02:00",
            List.of(),
            true),
        Arguments.of(
            "date-06",
            DateTrigger.of("2009-07-05T22:00:00-01:00", BERLIN),
            "2009-07-06T00:00:00+02:00",
            "2009-07-06T00:00:00+02:00",
            List.of(),
            true),
        Arguments.of(
            "date-07",
            DateTrigger.of("2013-11-03 01:30:00", EASTERN),
            "2013-11-01T00:00:00-04:00",
            null,
            List.of("2013-11-03T05:30:00Z"),
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void row(
      String id,
      Trigger trigger,
      String now,
      String previous,
      List<String> expected,
      boolean thenNone) {
    List<Instant> actual = new ArrayList<>();
    ZonedDateTime last = previous == null ? null : at(previous);
    ZonedDateTime current = at(now);
    for (int i = 0; i < expected.size(); i++) {
      Optional<ZonedDateTime> next = trigger.nextFireTime(last, current);
      assertThat(next).as("%s fire time %d", id, i + 1).isPresent();
      actual.add(next.get().toInstant());
      last = next.get();
      current = next.get();
    }
    assertThat(actual)
        .as(id)
        .containsExactlyElementsOf(expected.stream().map(Instant::parse).toList());
    if (thenNone) {
      assertThat(trigger.nextFireTime(last, current)).as("%s then None", id).isEmpty();
    }
  }

  @Test
  void int13PreviousGivenListsPastFireTimesForCatchUp() {
    IntervalTrigger trigger = interval(UTC, Duration.ofSeconds(10), "2024-01-01 00:00:00", null);
    ZonedDateTime now = at("2024-01-01T00:00:35Z");
    ZonedDateTime first = trigger.nextFireTime(at("2024-01-01T00:00:00Z"), now).orElseThrow();
    ZonedDateTime second = trigger.nextFireTime(first, now).orElseThrow();
    assertThat(first.toInstant()).isEqualTo(Instant.parse("2024-01-01T00:00:10Z"));
    assertThat(second.toInstant()).isEqualTo(Instant.parse("2024-01-01T00:00:20Z"));
  }

  @Test
  void resultsAreInTheTriggersZone() {
    IntervalTrigger trigger = interval(BERLIN, Duration.ofSeconds(1), "2009-08-04 00:00:02", null);
    assertThat(
            trigger.nextFireTime(null, at("2009-08-03T22:00:02.001-01:00")).orElseThrow().getZone())
        .isEqualTo(BERLIN);
  }

  @Test
  void jitterStaysWithinBoundsAndAfterTheFireTime() {
    IntervalTrigger trigger =
        IntervalTrigger.builder()
            .minutes(1)
            .startDate("2024-01-01 00:00:00")
            .timezone(UTC)
            .jitter(Duration.ofSeconds(5))
            .build();
    for (int i = 0; i < 200; i++) {
      ZonedDateTime next = trigger.nextFireTime(null, at("2024-01-01T00:00:30Z")).orElseThrow();
      assertThat(next.toInstant())
          .isBetween(Instant.parse("2024-01-01T00:01:00Z"), Instant.parse("2024-01-01T00:01:05Z"));
    }
  }

  @Test
  void subSecondIntervals() {
    IntervalTrigger trigger = IntervalTrigger.of(Duration.ofMillis(250));
    ZonedDateTime now = at("2024-01-01T00:00:00Z");
    ZonedDateTime first = trigger.nextFireTime(null, now).orElseThrow();
    assertThat(Duration.between(now, first)).isEqualTo(Duration.ofMillis(250));
    assertThat(Duration.between(first, trigger.nextFireTime(first, first).orElseThrow()))
        .isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void badInputIsAClearError() {
    assertThatThrownBy(() -> IntervalTrigger.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interval");
    assertThatThrownBy(() -> IntervalTrigger.of(Duration.ofSeconds(-1)))
        .hasMessageContaining("longer than zero");
    assertThatThrownBy(() -> IntervalTrigger.builder().seconds(1).startDate("2024-13-01").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("start_date")
        .hasMessageContaining("2024-13-01");
    assertThatThrownBy(
            () ->
                IntervalTrigger.builder()
                    .seconds(1)
                    .startDate("2024-01-02")
                    .endDate("2024-01-01")
                    .build())
        .hasMessageContaining("end_date");
    assertThatThrownBy(
            () -> IntervalTrigger.builder().seconds(1).jitter(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("jitter");
    assertThatThrownBy(() -> DateTrigger.of("tomorrow", UTC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("run_date")
        .hasMessageContaining("tomorrow")
        .hasMessageContaining("YYYY-MM-DD");
  }

  @Test
  void intervalsBeyondTheSupportedDatesAreRefusedWhenBuilt() {
    assertThatThrownBy(() -> IntervalTrigger.of(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("interval: ")
        .hasMessageContaining("9999");
    assertThatThrownBy(() -> IntervalTrigger.builder().days(1_000_000_000).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("interval: ")
        .hasMessageContaining("3652058 days");
    assertThatThrownBy(() -> IntervalTrigger.builder().weeks(Long.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("interval: weeks=" + Long.MAX_VALUE);
    assertThatThrownBy(() -> IntervalTrigger.builder().days(Long.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("interval: days=" + Long.MAX_VALUE);
    assertThatThrownBy(() -> IntervalTrigger.builder().seconds(Long.MAX_VALUE).seconds(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("interval: seconds=1");
    assertThatThrownBy(
            () ->
                IntervalTrigger.builder()
                    .days(2)
                    .startDate("9999-12-30 12:00:00")
                    .timezone(UTC)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("interval: start_date 9999-12-30T12:00Z[UTC] plus PT48H")
        .hasMessageContaining("9999-12-31T23:59:59.999999999Z");
    assertThatThrownBy(
            () ->
                IntervalTrigger.builder()
                    .seconds(1)
                    .startDate(ZonedDateTime.of(LocalDateTime.MAX, ZoneOffset.UTC))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("start_date: ")
        .hasMessageContaining("0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z");
    assertThatThrownBy(
            () -> IntervalTrigger.builder().seconds(1).endDate("0000-12-31").timezone(UTC).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("end_date: ");
  }

  @Test
  void fireTimesPastTheSupportedDatesEndTheTrigger() {
    IntervalTrigger daily =
        IntervalTrigger.builder().days(1).startDate("9999-12-29 00:00:00").timezone(UTC).build();
    ZonedDateTime last = at("9999-12-31T00:00:00Z");
    assertThat(daily.nextFireTime(at("9999-12-30T00:00:00Z"), last).map(ZonedDateTime::toInstant))
        .contains(last.toInstant());
    assertThat(daily.nextFireTime(last, last)).isEmpty();
    assertThat(daily.nextFireTime(null, at("9999-12-31T00:00:01Z"))).isEmpty();
    ZonedDateTime endOfTime = ZonedDateTime.of(LocalDateTime.MAX, ZoneOffset.UTC);
    assertThat(daily.nextFireTime(endOfTime, endOfTime)).isEmpty();
    assertThat(daily.nextFireTime(null, endOfTime)).isEmpty();

    IntervalTrigger long8000Years = IntervalTrigger.of(Duration.ofDays(3_000_000));
    assertThat(long8000Years.nextFireTime(null, at("2026-01-01T00:00:00Z"))).isEmpty();
    assertThat(long8000Years.nextFireTime(null, endOfTime)).isEmpty();
    assertThat(long8000Years.nextFireTime(endOfTime, endOfTime)).isEmpty();
  }

  @Test
  void dateTriggersRefuseDatesOutsideTheSupportedRange() {
    assertThatThrownBy(() -> DateTrigger.of(ZonedDateTime.of(LocalDateTime.MAX, ZoneOffset.UTC)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("run_date: +999999999-12-31T23:59:59.999999999Z")
        .hasMessageContaining("0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z");
    assertThatThrownBy(() -> DateTrigger.of(at("-0001-06-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("run_date: ");
    assertThatThrownBy(() -> DateTrigger.of("0000-12-31 23:00:00", UTC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("run_date: ");
    assertThatThrownBy(() -> DateTrigger.of("9999-12-31 23:00:00", ZoneId.of("America/New_York")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("run_date: ");
    assertThat(DateTrigger.of("9999-12-31 23:59:59", UTC).runDate().getYear()).isEqualTo(9999);
    assertThat(DateTrigger.of("0001-01-01", UTC).runDate().getYear()).isEqualTo(1);
  }

  @Test
  void jitterIsLimitedToAYear() {
    assertThatThrownBy(
            () -> IntervalTrigger.builder().seconds(1).jitter(Duration.ofDays(366)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("jitter: ")
        .hasMessageContaining("at most 365 days");
    assertThatThrownBy(
            () ->
                IntervalTrigger.builder()
                    .seconds(1)
                    .jitter(Duration.ofSeconds(Long.MAX_VALUE))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("jitter: ");
    IntervalTrigger lastDays =
        IntervalTrigger.builder()
            .days(300)
            .startDate("9999-03-01 00:00:00")
            .timezone(UTC)
            .jitter(Duration.ofDays(365))
            .build();
    ZonedDateTime first = at("9999-03-01T00:00:00Z");
    for (int i = 0; i < 50; i++) {
      assertThat(lastDays.nextFireTime(first, first).orElseThrow().toInstant())
          .isBetween(
              Instant.parse("9999-12-26T00:00:00Z"),
              Instant.parse("9999-12-31T23:59:59.999999999Z"));
    }
  }
}
