package dev.apscheduler.spring.boot.dashboard;

import dev.apscheduler.trigger.CalendarIntervalTrigger;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import dev.apscheduler.trigger.Trigger;
import dev.apscheduler.trigger.cron.CronTrigger;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Says a trigger in words for people, such as "every 15 minutes" or "at 09:00 on mon-fri (UTC)"; a
 * trigger it does not know is shown as its {@code toString()}.
 *
 * <p>Stateless and thread-safe.
 */
public final class TriggerWords {

  private TriggerWords() {}

  /** The trigger in words. */
  public static String describe(Trigger trigger) {
    if (trigger instanceof CronTrigger cron) {
      return cron(cron.fields()) + zone(cron.zone());
    }
    if (trigger instanceof IntervalTrigger interval) {
      return "every " + duration(interval.interval()) + zone(interval.zone());
    }
    if (trigger instanceof DateTrigger date) {
      return "once at " + date.runDate().toLocalDateTime() + zone(date.runDate().getZone());
    }
    if (trigger instanceof CalendarIntervalTrigger calendar) {
      List<String> parts = new ArrayList<>();
      count(parts, calendar.years(), "year");
      count(parts, calendar.months(), "month");
      count(parts, calendar.weeks(), "week");
      count(parts, calendar.days(), "day");
      return "every " + String.join(" ", parts) + " at " + calendar.time() + zone(calendar.zone());
    }
    return trigger.toString();
  }

  /** The zone a trigger computes its fire times in, if it has one. */
  public static Optional<ZoneId> zoneOf(Trigger trigger) {
    if (trigger instanceof CronTrigger cron) {
      return Optional.of(cron.zone());
    }
    if (trigger instanceof IntervalTrigger interval) {
      return Optional.of(interval.zone());
    }
    if (trigger instanceof DateTrigger date) {
      return Optional.of(date.runDate().getZone());
    }
    if (trigger instanceof CalendarIntervalTrigger calendar) {
      return Optional.of(calendar.zone());
    }
    return Optional.empty();
  }

  /** A duration as people write it: {@code 1 h 30 min}, {@code 250 ms}. */
  static String duration(Duration duration) {
    List<String> parts = new ArrayList<>();
    unit(parts, duration.toDaysPart(), "d");
    unit(parts, duration.toHoursPart(), "h");
    unit(parts, duration.toMinutesPart(), "min");
    unit(parts, duration.toSecondsPart(), "s");
    unit(parts, duration.toMillisPart(), "ms");
    return parts.isEmpty() ? "0 s" : String.join(" ", parts);
  }

  private static String cron(Map<String, String> fields) {
    String second = fields.getOrDefault("second", "0");
    String minute = fields.getOrDefault("minute", "*");
    String hour = fields.getOrDefault("hour", "*");
    List<String> parts = new ArrayList<>();
    if (isNumber(second) && isNumber(minute) && isNumber(hour)) {
      String time = pad(hour) + ":" + pad(minute);
      parts.add("at " + (second.equals("0") ? time : time + ":" + pad(second)));
    } else {
      field(parts, second, "second", "0");
      field(parts, minute, "minute", "*");
      field(parts, hour, "hour", "*");
      if (parts.isEmpty()) {
        parts.add("every minute");
      }
    }
    field(parts, fields.getOrDefault("day_of_week", "*"), "on", null);
    String day = fields.getOrDefault("day", "*");
    if (!day.equals("*")) {
      parts.add("on day " + day + " of the month");
    }
    field(parts, fields.getOrDefault("week", "*"), "week", null);
    field(parts, fields.getOrDefault("month", "*"), "in", null);
    field(parts, fields.getOrDefault("year", "*"), "year", null);
    return String.join(" ", parts);
  }

  private static void field(List<String> parts, String value, String name, String plain) {
    if (value.equals("*") || value.equals(plain)) {
      return;
    }
    if (value.startsWith("*/") && plain != null) {
      parts.add("every " + value.substring(2) + " " + name + "s");
    } else if (value.equals("0") && plain != null && !name.equals("second")) {
      parts.add("at " + name + " 0");
    } else {
      parts.add(name + " " + value);
    }
  }

  private static boolean isNumber(String value) {
    return value.matches("\\d{1,2}");
  }

  private static String pad(String number) {
    return number.length() == 1 ? "0" + number : number;
  }

  private static void count(List<String> parts, int count, String unit) {
    if (count > 0) {
      parts.add(count == 1 ? unit : count + " " + unit + "s");
    }
  }

  private static void unit(List<String> parts, long amount, String unit) {
    if (amount > 0) {
      parts.add(amount + " " + unit);
    }
  }

  private static String zone(ZoneId zone) {
    return " (" + zone.getId() + ")";
  }
}
