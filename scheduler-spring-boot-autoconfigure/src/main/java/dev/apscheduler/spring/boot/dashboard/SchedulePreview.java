package dev.apscheduler.spring.boot.dashboard;

import dev.apscheduler.trigger.IntervalTrigger;
import dev.apscheduler.trigger.Trigger;
import dev.apscheduler.trigger.cron.CronTrigger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.convert.DurationStyle;

/**
 * The "try a schedule" box and a job's coming fire times: builds a trigger from cron fields, a
 * crontab line or an interval with the core's own parsers, and lists its next fire times in a zone,
 * marking where the zone's offset changes (daylight saving time).
 *
 * <p>Stateless and thread-safe.
 */
public final class SchedulePreview {

  /** The most fire times listed at once. */
  public static final int MAX_COUNT = 100;

  /** The cron fields, in the order of a cron line with seconds and years. */
  public static final List<String> CRON_FIELDS =
      List.of("second", "minute", "hour", "day", "month", "day_of_week", "week", "year");

  /** How many earlier fire times are skipped at most when looking for the next one from now. */
  private static final int MAX_SKIPPED = 100_000;

  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private SchedulePreview() {}

  /**
   * Builds the trigger a person typed: a crontab line, an interval (such as {@code 30s}, {@code
   * 15m} or {@code PT1H30M}), or cron fields by name ({@link #CRON_FIELDS}; blank ones are left
   * out). Exactly one of the three must be given.
   *
   * @throws IllegalArgumentException naming the field that is wrong, and what would be right
   */
  public static Trigger trigger(
      String crontab, String interval, Map<String, String> cronFields, ZoneId zone) {
    Map<String, String> fields = new LinkedHashMap<>();
    cronFields.forEach(
        (name, value) -> {
          if (value != null && !value.isBlank()) {
            fields.put(name, value.trim());
          }
        });
    int given =
        (isBlank(crontab) ? 0 : 1) + (isBlank(interval) ? 0 : 1) + (fields.isEmpty() ? 0 : 1);
    if (given != 1) {
      throw new IllegalArgumentException(
          "schedule: give exactly one of crontab, interval or cron fields ("
              + String.join(", ", CRON_FIELDS)
              + "), got "
              + given);
    }
    if (!isBlank(crontab)) {
      return CronTrigger.fromCrontab(crontab.trim(), zone);
    }
    if (!isBlank(interval)) {
      return IntervalTrigger.builder().interval(duration(interval.trim())).timezone(zone).build();
    }
    CronTrigger.Builder builder = CronTrigger.builder().timezone(zone);
    fields.forEach((name, value) -> cronField(builder, name, value));
    return builder.build();
  }

  /**
   * Parses a zone id.
   *
   * @throws IllegalArgumentException naming the zone and what would be right
   */
  public static ZoneId zone(String zone) {
    try {
      return ZoneId.of(zone.trim());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "zone: '"
              + zone
              + "' is not a time zone; expected a region such as Europe/Berlin or UTC");
    }
  }

  /**
   * The next {@code count} fire times of {@code trigger} in {@code zone}: from {@code first} when
   * given (a job's next run time), otherwise the first one at or after {@code now}.
   */
  public static List<FireTime> fireTimes(
      Trigger trigger, ZoneId zone, ZonedDateTime first, ZonedDateTime now, int count) {
    List<FireTime> times = new ArrayList<>();
    Optional<ZonedDateTime> next = first != null ? Optional.of(first) : upcoming(trigger, now);
    ZoneOffset previous = zone.getRules().getOffset(now.toInstant());
    while (next.isPresent() && times.size() < Math.min(count, MAX_COUNT)) {
      ZonedDateTime time = next.get().withZoneSameInstant(zone);
      times.add(
          new FireTime(
              time.toOffsetDateTime(),
              LOCAL.format(time),
              time.getOffset().getId(),
              !time.getOffset().equals(previous)));
      previous = time.getOffset();
      // "now" at the previous fire time: the one after it, as after a run (not missed ones)
      next = trigger.nextFireTime(next.get(), next.get());
    }
    return times;
  }

  private static Optional<ZonedDateTime> upcoming(Trigger trigger, ZonedDateTime now) {
    Optional<ZonedDateTime> next = trigger.nextFireTime(null, now);
    for (int i = 0; i < MAX_SKIPPED && next.isPresent() && next.get().isBefore(now); i++) {
      next = trigger.nextFireTime(next.get(), now);
    }
    return next;
  }

  private static Duration duration(String text) {
    try {
      return DurationStyle.detectAndParse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "interval: '" + text + "' is not a duration; expected such as 30s, 15m, 2h or PT1H30M");
    }
  }

  private static void cronField(CronTrigger.Builder builder, String name, String value) {
    switch (name) {
      case "second" -> builder.second(value);
      case "minute" -> builder.minute(value);
      case "hour" -> builder.hour(value);
      case "day" -> builder.day(value);
      case "month" -> builder.month(value);
      case "day_of_week" -> builder.dayOfWeek(value);
      case "week" -> builder.week(value);
      case "year" -> builder.year(value);
      default ->
          throw new IllegalArgumentException(
              "'" + name + "' is not a cron field; expected one of " + CRON_FIELDS);
    }
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }

  /**
   * One fire time.
   *
   * <p>Immutable and thread-safe.
   *
   * @param time the fire time with its offset
   * @param local the local date and time in the zone, as {@code yyyy-MM-dd HH:mm:ss}
   * @param offset the zone's offset then, such as {@code +02:00} or {@code Z}
   * @param offsetChanged whether the offset differs from the previous fire time's (or, for the
   *     first, from now's): a daylight saving time change lies between them
   */
  public record FireTime(OffsetDateTime time, String local, String offset, boolean offsetChanged) {}
}
