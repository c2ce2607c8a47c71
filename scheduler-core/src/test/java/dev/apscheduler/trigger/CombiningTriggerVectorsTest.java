package dev.apscheduler.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.trigger.cron.CronTrigger;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rows of "And / Or combining triggers" and "CalendarIntervalTrigger" of the vectors file. */
class CombiningTriggerVectorsTest {

  static final String NONE = "None";
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  static CronTrigger first() {
    return CronTrigger.builder()
        .timezone(BERLIN)
        .month("5-8")
        .day("6-15")
        .endDate("2017-08-10 00:00:00")
        .build();
  }

  static CronTrigger second() {
    return CronTrigger.builder()
        .timezone(BERLIN)
        .month("6-9")
        .day("*/3")
        .endDate("2017-09-07 00:00:00")
        .build();
  }

  static CalendarIntervalTrigger.Builder cal(ZoneId zone) {
    return CalendarIntervalTrigger.builder().timezone(zone);
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.of(
            "and-01",
            AndTrigger.of(first(), second()),
            "2017-08-06T00:00:00+02:00",
            List.of("2017-08-06T22:00:00Z")),
        Arguments.of(
            "and-02", AndTrigger.of(first(), second()), "2017-08-10T01:00:00+02:00", List.of(NONE)),
        Arguments.of(
            "or-01",
            OrTrigger.of(first(), second()),
            "2017-08-06T00:00:00+02:00",
            List.of("2017-08-05T22:00:00Z")),
        Arguments.of(
            "or-02", OrTrigger.of(first(), second()), "2017-09-07T01:00:00+02:00", List.of(NONE)),
        Arguments.of(
            "cal-01",
            cal(BERLIN)
                .days(1)
                .hour(2)
                .minute(30)
                .startDate(java.time.LocalDate.of(2016, 3, 27))
                .build(),
            "2016-03-01T00:00:00+01:00",
            List.of("2016-03-28T00:30:00Z")),
        Arguments.of(
            "cal-02",
            cal(BERLIN)
                .days(2)
                .hour(2)
                .minute(30)
                .startDate(java.time.LocalDate.of(2016, 10, 30))
                .build(),
            "2016-10-01T00:00:00+02:00",
            List.of("2016-10-30T00:30:00Z")),
        Arguments.of(
            "cal-03",
            cal(BERLIN).months(1).startDate(java.time.LocalDate.of(2016, 3, 31)).build(),
            "2016-03-01T00:00:00+01:00",
            List.of("2016-03-30T22:00:00Z", "2016-05-30T22:00:00Z")),
        Arguments.of(
            "cal-04",
            cal(BERLIN)
                .days(1)
                .startDate(java.time.LocalDate.of(2020, 12, 31))
                .endDate(java.time.LocalDate.of(2020, 12, 31))
                .build(),
            "2020-12-01T00:00:00+01:00",
            List.of("2020-12-30T23:00:00Z", NONE)),
        Arguments.of(
            "cal-05",
            cal(ZoneId.of("UTC"))
                .days(1)
                .hour(1)
                .startDate(java.time.LocalDate.of(2016, 3, 31))
                .build(),
            "2016-03-01T00:00:00Z",
            List.of("2016-03-31T01:00:00Z")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void vector(String id, Trigger trigger, String now, List<String> expected) {
    List<String> actual = new ArrayList<>();
    ZonedDateTime previous = null;
    ZonedDateTime current = ZonedDateTime.parse(now);
    while (actual.size() < expected.size()) {
      Optional<ZonedDateTime> next = trigger.nextFireTime(previous, current);
      if (next.isEmpty()) {
        actual.add(NONE);
        break;
      }
      actual.add(Instant.from(next.get()).toString());
      previous = next.get();
      current = next.get();
    }
    assertThat(actual).as(id).isEqualTo(expected);
  }
}
