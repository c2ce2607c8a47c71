package dev.apscheduler.trigger.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apscheduler.trigger.Trigger;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of the sections "Cron trigger", "Cron trigger: DST transitions" and "Cron trigger:
 * invalid expressions" of {@code shared/reference/apscheduler-trigger-vectors.md}. Instants are
 * compared, not strings.
 */
class CronTriggerVectorsTest {

  static final String NONE = "None";
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final ZoneId EASTERN = ZoneId.of("US/Eastern");

  static CronTrigger.Builder cron(ZoneId zone) {
    return CronTrigger.builder().timezone(zone);
  }

  /**
   * A vector row: the trigger, now, the previous fire time (or null) and the expected UTC instants;
   * a final {@link #NONE} means the trigger must then be finished.
   */
  static Arguments row(
      String id, Supplier<Trigger> trigger, String now, String prev, String... expected) {
    return Arguments.of(id, trigger, now, prev, Arrays.asList(expected));
  }

  static Stream<Arguments> cronRows() {
    return Stream.of(
        row(
            "cron-01",
            () -> cron(BERLIN).year("2009/2").month("1/3").day("5-13").build(),
            "2008-12-01T00:00:00+01:00",
            null,
            "2009-01-04T23:00:00Z"),
        row(
            "cron-02",
            () -> cron(BERLIN).year("2009/2").month("1/3").day("5-13").build(),
            "2009-10-14T00:00:00+02:00",
            null,
            "2011-01-04T23:00:00Z"),
        row(
            "cron-03",
            () -> cron(BERLIN).year("2009").month("feb-dec").hour("8-10").build(),
            "2009-01-01T00:00:00+01:00",
            null,
            "2009-02-01T07:00:00Z"),
        row(
            "cron-04",
            () -> cron(BERLIN).year("2012").month("2").day("last").build(),
            "2012-02-01T00:00:00+01:00",
            null,
            "2012-02-28T23:00:00Z"),
        row(
            "cron-05",
            () -> cron(BERLIN).year("2009,2008").build(),
            "2009-01-01T00:00:00+01:00",
            null,
            "2008-12-31T23:00:00Z"),
        row(
            "cron-06",
            () ->
                cron(BERLIN)
                    .year("2009")
                    .month("2")
                    .hour("8-10")
                    .startDate("2009-02-03 11:00:00")
                    .build(),
            "2009-01-01T00:00:00+01:00",
            null,
            "2009-02-04T07:00:00Z"),
        row(
            "cron-07",
            () -> cron(BERLIN).day("*").build(),
            "2015-11-26T00:00:00+01:00",
            "2015-11-23T00:00:00+01:00",
            "2015-11-23T23:00:00Z"),
        row(
            "cron-08",
            () -> cron(BERLIN).day("*").build(),
            "2015-11-22T00:00:00+01:00",
            "2015-11-23T00:00:00+01:00",
            "2015-11-21T23:00:00Z"),
        row(
            "cron-09",
            () -> cron(BERLIN).day("*").build(),
            "2016-04-25T00:00:00+02:00",
            "2016-04-25T00:00:00+02:00",
            "2016-04-25T22:00:00Z"),
        row(
            "cron-10",
            () -> cron(BERLIN).year(2009).month(1).day("6-10").dayOfWeek("2-4").build(),
            "2009-01-01T00:00:00+01:00",
            null,
            "2009-01-06T23:00:00Z"),
        row(
            "cron-11",
            () -> cron(BERLIN).year(2009).month(1).day("6-10").dayOfWeek("0,6").build(),
            "2009-01-01T00:00:00+01:00",
            null,
            NONE),
        row(
            "cron-12",
            () -> cron(BERLIN).year(2009).month(1).day("4th wed").build(),
            "2009-01-01T00:00:00+01:00",
            null,
            "2009-01-27T23:00:00Z"),
        row(
            "cron-13",
            () -> cron(BERLIN).year(2009).month(2).week(8).build(),
            "2009-01-01T00:00:00+01:00",
            null,
            "2009-02-15T23:00:00Z",
            "2009-02-16T23:00:00Z"),
        row(
            "cron-13b",
            () -> cron(BERLIN).year(2009).month(2).week(8).build(),
            "2009-02-22T00:00:00+01:00",
            null,
            "2009-02-21T23:00:00Z",
            NONE),
        row(
            "cron-14",
            () -> cron(BERLIN).year(2009).week(15).dayOfWeek(2).build(),
            "2009-01-01T00:00:00+01:00",
            null,
            "2009-04-07T22:00:00Z"),
        row(
            "cron-15",
            () -> cron(BERLIN).day("6,8").build(),
            "2009-12-31T00:00:00+01:00",
            null,
            "2010-01-05T23:00:00Z",
            "2010-01-07T23:00:00Z",
            "2010-02-05T23:00:00Z"),
        row(
            "cron-16",
            () -> cron(BERLIN).hour("5-6").build(),
            "2009-09-25T07:00:00+02:00",
            null,
            "2009-09-26T03:00:00Z",
            "2009-09-26T04:00:00Z",
            "2009-09-27T03:00:00Z"),
        row(
            "cron-17",
            () -> cron(BERLIN).day(30).build(),
            "2016-02-01T00:00:00+01:00",
            null,
            "2016-03-29T22:00:00Z",
            "2016-04-29T22:00:00Z"),
        row(
            "cron-18",
            () -> cron(BERLIN).year(2014).hour(4).endDate("2014-04-13 03:00:00").build(),
            "2014-04-12T02:30:00+02:00",
            null,
            "2014-04-12T02:00:00Z"),
        row(
            "cron-19",
            () -> cron(BERLIN).year(2014).hour(4).endDate("2014-04-13 03:00:00").build(),
            "2014-04-13T02:30:00+02:00",
            null,
            NONE),
        row(
            "cron-20",
            () ->
                cron(BERLIN)
                    .hour(4)
                    .startDate("2014-04-13 02:00:00")
                    .endDate("2014-04-13 04:00:00")
                    .build(),
            "2014-04-13T02:00:00+02:00",
            null,
            "2014-04-13T02:00:00Z",
            NONE),
        row(
            "cron-21",
            () -> cron(BERLIN).year(2009).week(15).dayOfWeek(2).build(),
            "2008-12-31T22:00:00-10:00",
            null,
            "2009-04-07T22:00:00Z"),
        row(
            "cron-22",
            () -> cron(ZoneId.of("Etc/GMT+5")).hour(11).minute("*/5").build(),
            "2009-09-26T10:16:00-06:00",
            null,
            "2009-09-26T16:20:00Z"),
        row(
            "cron-23",
            () -> cron(BERLIN).year("2009/2").month("1-4/3").day("5-6").build(),
            "2008-12-01T00:00:00+01:00",
            null,
            "2009-01-04T23:00:00Z",
            "2009-01-05T23:00:00Z",
            "2009-04-04T22:00:00Z",
            "2009-04-05T22:00:00Z",
            "2011-01-04T23:00:00Z"),
        row(
            "cron-24",
            () -> cron(BERLIN).year("2009/2").month("1-3").day("5").build(),
            "2009-10-14T00:00:00+02:00",
            null,
            "2011-01-04T23:00:00Z",
            "2011-02-04T23:00:00Z",
            "2011-03-04T23:00:00Z",
            "2013-01-04T23:00:00Z"),
        row(
            "cron-25",
            () -> cron(BERLIN).year("2009").month("feb-dec").hour("8-9").build(),
            "2009-01-01T00:00:00+01:00",
            null,
            "2009-02-01T07:00:00Z",
            "2009-02-01T08:00:00Z",
            "2009-02-02T07:00:00Z"),
        row(
            "cron-26",
            () -> cron(BERLIN).year(2020).month(1).week(1).dayOfWeek("fri-sun").build(),
            "2020-01-01T00:00:00+01:00",
            null,
            "2020-01-02T23:00:00Z",
            "2020-01-03T23:00:00Z",
            "2020-01-04T23:00:00Z",
            NONE),
        row(
            "cron-27",
            () -> cron(BERLIN).year(2020).day("last sun").build(),
            "2020-01-01T00:00:00+01:00",
            null,
            "2020-01-25T23:00:00Z",
            "2020-02-22T23:00:00Z",
            "2020-03-28T23:00:00Z"),
        row(
            "cron-28",
            () -> cron(BERLIN).minute("*/7").build(),
            "2024-01-01T00:50:00+01:00",
            null,
            "2023-12-31T23:56:00Z",
            "2024-01-01T00:00:00Z",
            "2024-01-01T00:07:00Z"),
        row(
            "cron-29",
            () -> cron(BERLIN).day("5th fri").build(),
            "2024-01-01T00:00:00+01:00",
            null,
            "2024-03-28T23:00:00Z",
            "2024-05-30T22:00:00Z",
            "2024-08-29T22:00:00Z"),
        row(
            "cron-30",
            () -> cron(BERLIN).day("last fri").hour(17).build(),
            "2024-01-27T00:00:00+01:00",
            null,
            "2024-02-23T16:00:00Z",
            "2024-03-29T16:00:00Z"),
        row(
            "cron-31",
            () -> cron(BERLIN).day("1st mon,last").build(),
            "2024-01-01T00:00:00+01:00",
            null,
            "2023-12-31T23:00:00Z",
            "2024-01-30T23:00:00Z",
            "2024-02-04T23:00:00Z",
            "2024-02-28T23:00:00Z"),
        row(
            "cron-32",
            () -> cron(BERLIN).month(2).day(29).build(),
            "2024-03-01T00:00:00+01:00",
            null,
            "2028-02-28T23:00:00Z"),
        row(
            "cron-33",
            () -> cron(BERLIN).week(53).build(),
            "2021-01-01T00:00:00+01:00",
            null,
            "2020-12-31T23:00:00Z",
            "2021-01-01T23:00:00Z",
            "2021-01-02T23:00:00Z",
            "2026-12-27T23:00:00Z"),
        row(
            "cron-34",
            () -> cron(BERLIN).second("*/15").build(),
            "2024-01-01T00:00:07.5+01:00",
            null,
            "2023-12-31T23:00:15Z",
            "2023-12-31T23:00:30Z",
            "2023-12-31T23:00:45Z",
            "2023-12-31T23:01:00Z"),
        row(
            "cron-35",
            () -> cron(BERLIN).year("2030-2034/2").month("jan,jul").build(),
            "2024-01-01T00:00:00+01:00",
            null,
            "2029-12-31T23:00:00Z",
            "2030-06-30T22:00:00Z",
            "2031-12-31T23:00:00Z"),
        row(
            "cron-36",
            () -> cron(BERLIN).dayOfWeek("mon-fri").hour(5).minute(30).build(),
            "2024-03-29T06:00:00+01:00",
            null,
            "2024-04-01T03:30:00Z",
            "2024-04-02T03:30:00Z"),
        row(
            "cron-37",
            () -> cron(BERLIN).month("6-8,11-12").day("3rd fri").hour("0-3").build(),
            "2024-01-01T00:00:00+01:00",
            null,
            "2024-06-20T22:00:00Z",
            "2024-06-20T23:00:00Z",
            "2024-06-21T00:00:00Z",
            "2024-06-21T01:00:00Z",
            "2024-07-18T22:00:00Z"),
        row(
            "cron-38",
            () -> cron(BERLIN).day(1).minute(20).build(),
            "2024-01-15T00:00:00+01:00",
            null,
            "2024-01-31T23:20:00Z",
            "2024-02-01T00:20:00Z"),
        row(
            "cron-39",
            () -> cron(BERLIN).minute("5/20").build(),
            "2024-01-01T00:00:00+01:00",
            null,
            "2023-12-31T23:05:00Z",
            "2023-12-31T23:25:00Z",
            "2023-12-31T23:45:00Z",
            "2024-01-01T00:05:00Z"),
        row(
            "cron-40",
            () -> CronTrigger.fromCrontab("0 0 1-15 may-aug *", BERLIN),
            "2024-01-01T00:00:00+01:00",
            null,
            "2024-04-30T22:00:00Z",
            "2024-05-01T22:00:00Z"),
        // this project: crontab ORs day of month and day of week -> Friday 5 July
        row(
            "cron-41",
            () -> CronTrigger.fromCrontab("0-14 * 14-28 jul fri", BERLIN),
            "2024-01-01T00:00:00+01:00",
            null,
            "2024-07-04T22:00:00Z",
            "2024-07-04T22:01:00Z"),
        // this project: crontab 0 = Sunday
        row(
            "cron-42",
            () -> CronTrigger.fromCrontab("0 9 * * 0", BERLIN),
            "2024-01-01T00:00:00+01:00",
            null,
            "2024-01-07T08:00:00Z"),
        row(
            "cron-43",
            () -> cron(BERLIN).minute("*/30").endDate("2024-01-01 01:00:00").build(),
            "2024-01-01T00:10:00+01:00",
            null,
            "2023-12-31T23:30:00Z",
            "2024-01-01T00:00:00Z",
            NONE));
  }

  static Stream<Arguments> dstRows() {
    return Stream.of(
        row(
            "dst-01",
            () -> cron(EASTERN).hour(8).build(),
            "2013-03-09T12:00:00-05:00",
            null,
            "2013-03-10T12:00:00Z"),
        row(
            "dst-02",
            () -> cron(EASTERN).hour(8).build(),
            "2013-11-02T12:00:00-04:00",
            null,
            "2013-11-03T13:00:00Z"),
        row(
            "dst-03",
            () -> cron(EASTERN).hour(1).minute(30).build(),
            "2013-11-03T00:30:00-04:00",
            null,
            "2013-11-03T05:30:00Z"),
        row(
            "dst-04",
            () -> cron(EASTERN).hour(1).minute(30).build(),
            "2013-11-03T01:30:05-04:00",
            null,
            "2013-11-03T06:30:00Z"),
        row(
            "dst-05",
            () -> cron(EASTERN).hour(1).minute(30).build(),
            "2013-11-03T01:30:05-05:00",
            null,
            "2013-11-04T06:30:00Z"),
        row(
            "dst-06",
            () -> cron(EASTERN).minute("*/30").build(),
            "2013-03-10T01:35:00-05:00",
            null,
            "2013-03-10T07:00:00Z"),
        row(
            "dst-07",
            () -> cron(EASTERN).minute("*/30").build(),
            "2013-11-03T01:35:00-04:00",
            null,
            "2013-11-03T06:00:00Z"),
        row(
            "dst-08",
            () -> cron(ZoneId.of("Europe/Helsinki")).minute(30).build(),
            "2017-10-29T03:30:00.000005+02:00",
            null,
            "2017-10-29T02:30:00Z"),
        row(
            "dst-09",
            () -> cron(BERLIN).minute(0).build(),
            "2024-10-27T02:00:00+02:00",
            null,
            "2024-10-27T00:00:00Z",
            "2024-10-27T01:00:00Z",
            "2024-10-27T02:00:00Z"),
        row(
            "dst-10",
            () -> cron(BERLIN).minute(1).build(),
            "2024-10-27T02:01:00+02:00",
            null,
            "2024-10-27T00:01:00Z",
            "2024-10-27T01:01:00Z",
            "2024-10-27T02:01:00Z"),
        // this project follows 3.x: the gap time 02:00 fires at the shifted instant 03:00 EDT
        row(
            "dst-11",
            () -> cron(EASTERN).hour(2).build(),
            "2013-03-09T20:00:00-05:00",
            null,
            "2013-03-10T07:00:00Z"),
        row(
            "dst-12",
            () -> cron(BERLIN).minute("*/30").build(),
            "2024-10-27T01:40:00+02:00",
            null,
            "2024-10-27T00:00:00Z",
            "2024-10-27T00:30:00Z",
            "2024-10-27T01:00:00Z",
            "2024-10-27T01:30:00Z",
            "2024-10-27T02:00:00Z"),
        row(
            "dst-13",
            () -> cron(BERLIN).minute("*/30").build(),
            "2024-03-31T01:40:00+01:00",
            null,
            "2024-03-31T01:00:00Z",
            "2024-03-31T01:30:00Z"),
        row(
            "dst-14",
            () -> cron(BERLIN).day("last sun").hour(2).minute(30).build(),
            "2024-03-01T00:00:00+01:00",
            null,
            "2024-03-31T01:30:00Z",
            "2024-04-28T00:30:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"cronRows", "dstRows"})
  void vector(
      String id, Supplier<Trigger> trigger, String now, String prev, List<String> expected) {
    assertThat(fireTimes(trigger.get(), now, prev, expected.size())).as(id).isEqualTo(expected);
  }

  /**
   * Iterates {@code next = nextFireTime(previous = last, now = last)} starting from ({@code prev},
   * {@code now}), rendering each result as its UTC instant, or {@link #NONE} (which ends the list).
   */
  static List<String> fireTimes(Trigger trigger, String now, String prev, int count) {
    List<String> result = new ArrayList<>();
    ZonedDateTime previous = prev == null ? null : ZonedDateTime.parse(prev);
    ZonedDateTime current = ZonedDateTime.parse(now);
    while (result.size() < count) {
      Optional<ZonedDateTime> next = trigger.nextFireTime(previous, current);
      if (next.isEmpty()) {
        result.add(NONE);
        break;
      }
      result.add(Instant.from(next.get()).toString());
      previous = next.get();
      current = next.get();
    }
    return result;
  }

  static Stream<Arguments> errorRows() {
    return Stream.of(
        Arguments.of("err-01", "hour", "0-24", "24 is above the maximum 23"),
        Arguments.of("err-02", "day", "0-3", "0 is below the minimum 1"),
        Arguments.of("err-03", "day", "*/31", "the step 31 is larger than the field's range 30"),
        Arguments.of(
            "err-04", "day", "4-6/3", "the step 3 is larger than the range of the expression (2)"),
        Arguments.of(
            "err-05",
            "hour",
            "22-2",
            "the range start 22 is after its end 2 (ranges do not wrap around)"),
        Arguments.of(
            "err-06", "day_of_week", "sat-mon", "the range start sat is after its end mon"),
        Arguments.of("err-07", "year", "2009-fault", "not a valid expression; accepted:"),
        Arguments.of(
            "err-08",
            "day",
            "6th fri",
            "the position must be one of 1st, 2nd, 3rd, 4th, 5th or last"),
        Arguments.of("err-09", "hour", "*/0", "the step must be at least 1"));
  }

  @ParameterizedTest(name = "{0}: {1}=''{2}''")
  @MethodSource("errorRows")
  void invalidExpression(String id, String field, String text, String reason) {
    CronTrigger.Builder builder = CronTrigger.builder().timezone(BERLIN);
    switch (field) {
      case "year" -> builder.year(text);
      case "day" -> builder.day(text);
      case "day_of_week" -> builder.dayOfWeek(text);
      case "hour" -> builder.hour(text);
      default -> throw new AssertionError(field);
    }
    assertThatThrownBy(builder::build)
        .as(id)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(field + ": '" + text + "': ")
        .hasMessageContaining(reason);
  }
}
