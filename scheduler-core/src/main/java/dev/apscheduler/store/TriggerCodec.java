package dev.apscheduler.store;

import dev.apscheduler.JobStoreException;
import dev.apscheduler.trigger.AndTrigger;
import dev.apscheduler.trigger.CalendarIntervalTrigger;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import dev.apscheduler.trigger.OrTrigger;
import dev.apscheduler.trigger.Trigger;
import dev.apscheduler.trigger.cron.CronTrigger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The spec form of the built-in triggers in a stored document (see {@link JobCodec}): a map with a
 * {@code type} and the trigger's fields, date-times as ISO-8601 strings with offset and zone id.
 * Encoding refuses, up front, a trigger that a persistent store could not keep: one that is not
 * built in, or one with a date outside the times a store keeps ({@link EpochMicros}).
 *
 * <p>Stateless and thread-safe.
 */
final class TriggerCodec {

  private static final List<String> CRON_FIELDS =
      List.of("year", "month", "day", "week", "day_of_week", "hour", "minute", "second");

  private TriggerCodec() {}

  /**
   * The spec of a built-in trigger.
   *
   * @param path names the trigger in messages, such as {@code trigger} or {@code
   *     trigger.triggers[1]}
   * @param owner who keeps it, for messages, such as {@code the persistent store 'db' of job
   *     'report'}
   * @throws IllegalArgumentException for a trigger type a persistent store cannot keep, or a date
   *     outside the range it keeps
   */
  static Map<String, Object> encode(Trigger trigger, String path, String owner) {
    Map<String, Object> spec = new LinkedHashMap<>();
    if (trigger instanceof DateTrigger date) {
      spec.put("type", "date");
      putDate(spec, path, owner, "run_date", Optional.of(date.runDate()));
    } else if (trigger instanceof IntervalTrigger interval) {
      spec.put("type", "interval");
      spec.put("interval", interval.interval().toString());
      putDate(spec, path, owner, "start_date", interval.startDate());
      putDate(spec, path, owner, "end_date", interval.endDate());
      spec.put("timezone", interval.zone().getId());
      putJitter(spec, interval.jitter());
    } else if (trigger instanceof CronTrigger cron) {
      spec.put("type", "cron");
      if (cron.crontab().isPresent()) {
        spec.put("crontab", cron.crontab().get());
      } else {
        spec.put("fields", new LinkedHashMap<>(cron.fields()));
      }
      putDate(spec, path, owner, "start_date", cron.startDate());
      putDate(spec, path, owner, "end_date", cron.endDate());
      spec.put("timezone", cron.zone().getId());
      putJitter(spec, cron.jitter());
    } else if (trigger instanceof CalendarIntervalTrigger calendar) {
      spec.put("type", "calendarinterval");
      spec.put("years", calendar.years());
      spec.put("months", calendar.months());
      spec.put("weeks", calendar.weeks());
      spec.put("days", calendar.days());
      spec.put("time", calendar.time().format(DateTimeFormatter.ISO_LOCAL_TIME));
      putLocalDate(spec, path, owner, "start_date", calendar.startDate(), calendar.zone());
      putLocalDate(spec, path, owner, "end_date", calendar.endDate(), calendar.zone());
      spec.put("timezone", calendar.zone().getId());
    } else if (trigger instanceof AndTrigger and) {
      spec.put("type", "and");
      spec.put("triggers", encodeAll(and.triggers(), path, owner));
      putJitter(spec, and.jitter());
    } else if (trigger instanceof OrTrigger or) {
      spec.put("type", "or");
      spec.put("triggers", encodeAll(or.triggers(), path, owner));
      putJitter(spec, or.jitter());
    } else {
      throw new IllegalArgumentException(
          path
              + ": "
              + owner
              + " keeps only the built-in triggers (date, interval, cron,"
              + " calendarinterval, and, or), not "
              + (trigger == null ? "null" : trigger.getClass().getName())
              + "; use one of those, or the memory store");
    }
    return spec;
  }

  /**
   * Rebuilds a trigger from its spec.
   *
   * @throws JobStoreException for an unknown type or a malformed spec
   */
  static Trigger decode(Map<String, ?> spec) {
    DocumentFields f = new DocumentFields("trigger", spec);
    String type = f.string("type");
    try {
      return switch (type) {
        case "date" -> DateTrigger.of(parseDate(f.string("run_date")));
        case "interval" -> {
          IntervalTrigger.Builder b =
              IntervalTrigger.builder()
                  .interval(Duration.parse(f.string("interval")))
                  .timezone(ZoneId.of(f.string("timezone")))
                  .jitter(f.optionalDuration("jitter"));
          f.optionalString("start_date").ifPresent(d -> b.startDate(parseDate(d)));
          f.optionalString("end_date").ifPresent(d -> b.endDate(parseDate(d)));
          yield b.build();
        }
        case "cron" -> decodeCron(f);
        case "calendarinterval" -> decodeCalendarInterval(f);
        case "and" -> AndTrigger.of(decodeAll(f), f.optionalDuration("jitter"));
        case "or" -> OrTrigger.of(decodeAll(f), f.optionalDuration("jitter"));
        default ->
            throw new JobStoreException(
                "Unknown trigger type '"
                    + type
                    + "' in a stored job; this version knows date, interval, cron,"
                    + " calendarinterval, and, or (was it written by a newer version?)");
      };
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new JobStoreException(
          "A stored " + type + " trigger cannot be rebuilt: " + e.getMessage(), e);
    }
  }

  private static Trigger decodeCron(DocumentFields f) {
    CronTrigger.Builder b =
        CronTrigger.builder()
            .timezone(ZoneId.of(f.string("timezone")))
            .jitter(f.optionalDuration("jitter"));
    f.optionalString("start_date").ifPresent(d -> b.startDate(parseDate(d)));
    f.optionalString("end_date").ifPresent(d -> b.endDate(parseDate(d)));
    if (f.optionalString("crontab").isPresent()) {
      return b.crontab(f.string("crontab")).build();
    }
    DocumentFields fields = new DocumentFields("cron trigger fields", f.map("fields"));
    for (String keyword : fields.keys()) {
      String expression = fields.string(keyword);
      switch (keyword) {
        case "year" -> b.year(expression);
        case "month" -> b.month(expression);
        case "day" -> b.day(expression);
        case "week" -> b.week(expression);
        case "day_of_week" -> b.dayOfWeek(expression);
        case "hour" -> b.hour(expression);
        case "minute" -> b.minute(expression);
        case "second" -> b.second(expression);
        default ->
            throw new JobStoreException(
                "Unknown cron field '" + keyword + "' in a stored job; expected " + CRON_FIELDS);
      }
    }
    return b.build();
  }

  private static Trigger decodeCalendarInterval(DocumentFields f) {
    LocalTime time = LocalTime.parse(f.string("time"));
    CalendarIntervalTrigger.Builder b =
        CalendarIntervalTrigger.builder()
            .years(f.integer("years"))
            .months(f.integer("months"))
            .weeks(f.integer("weeks"))
            .days(f.integer("days"))
            .hour(time.getHour())
            .minute(time.getMinute())
            .second(time.getSecond())
            .timezone(ZoneId.of(f.string("timezone")));
    f.optionalString("start_date").ifPresent(d -> b.startDate(LocalDate.parse(d)));
    f.optionalString("end_date").ifPresent(d -> b.endDate(LocalDate.parse(d)));
    return b.build();
  }

  private static List<Object> encodeAll(List<Trigger> triggers, String path, String owner) {
    List<Object> specs = new ArrayList<>(triggers.size());
    for (int i = 0; i < triggers.size(); i++) {
      specs.add(encode(triggers.get(i), path + ".triggers[" + i + "]", owner));
    }
    return specs;
  }

  private static List<Trigger> decodeAll(DocumentFields f) {
    List<Trigger> triggers = new ArrayList<>();
    for (Object spec : f.list("triggers")) {
      if (!(spec instanceof Map<?, ?> map)) {
        throw new JobStoreException("A combined trigger holds a non-object trigger spec: " + spec);
      }
      @SuppressWarnings("unchecked")
      Map<String, ?> typed = (Map<String, ?>) map;
      triggers.add(decode(typed));
    }
    return triggers;
  }

  private static void putJitter(Map<String, Object> spec, Duration jitter) {
    if (!jitter.isZero()) {
      spec.put("jitter", jitter.toString());
    }
  }

  private static void putDate(
      Map<String, Object> spec,
      String path,
      String owner,
      String key,
      Optional<ZonedDateTime> date) {
    if (date.isPresent()) {
      EpochMicros.requireInRange(path + "." + key, owner, date.get().toInstant());
      spec.put(key, DateTimeFormatter.ISO_ZONED_DATE_TIME.format(date.get()));
    }
  }

  private static void putLocalDate(
      Map<String, Object> spec,
      String path,
      String owner,
      String key,
      Optional<LocalDate> date,
      ZoneId zone) {
    if (date.isPresent()) {
      EpochMicros.requireInRange(
          path + "." + key, owner, date.get().atStartOfDay(zone).toInstant());
      spec.put(key, date.get().toString());
    }
  }

  private static ZonedDateTime parseDate(String text) {
    return ZonedDateTime.parse(text, DateTimeFormatter.ISO_ZONED_DATE_TIME);
  }
}
