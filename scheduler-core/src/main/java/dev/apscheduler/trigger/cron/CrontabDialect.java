package dev.apscheduler.trigger.cron;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses standard five-field crontab lines ({@code minute hour day month day_of_week}) as cron
 * users mean them: 0 and 7 are Sunday and names run sun..sat, the macros {@code @hourly @daily
 * @midnight @weekly @monthly @yearly @annually} expand to their lines, the second is 0, and when
 * both day of month and day of week are restricted (neither starts with {@code *}) a day matches if
 * either does (Vixie cron). Stateless and thread-safe.
 */
final class CrontabDialect {

  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  private CrontabDialect() {}

  /**
   * Parses a crontab line or macro.
   *
   * @throws IllegalArgumentException naming the line, the field and what is accepted
   */
  static ParsedCron parse(String crontab) {
    String line = crontab.strip();
    String expanded = line;
    if (line.startsWith("@")) {
      expanded = MACROS.get(line.toLowerCase(Locale.ROOT));
      if (expanded == null) {
        throw new IllegalArgumentException(
            "crontab: '"
                + crontab
                + "' is not a supported macro; accepted: @hourly, @daily, @midnight, @weekly,"
                + " @monthly, @yearly, @annually");
      }
    }
    String[] parts = expanded.isEmpty() ? new String[0] : expanded.split("\\s+");
    if (parts.length != 5) {
      throw new IllegalArgumentException(
          "crontab: '"
              + crontab
              + "' has "
              + parts.length
              + " fields; expected 5: minute hour day month day_of_week (or a macro such as"
              + " @daily)");
    }
    FieldValues minute;
    FieldValues hour;
    FieldValues day;
    FieldValues month;
    FieldValues dayOfWeek;
    try {
      minute = FieldParser.parse(CronField.MINUTE, parts[0]);
      hour = FieldParser.parse(CronField.HOUR, parts[1]);
      day = FieldParser.parse(CronField.DAY, parts[2]);
      month = FieldParser.parse(CronField.MONTH, parts[3]);
      dayOfWeek = FieldParser.parseCrontabDayOfWeek(parts[4]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("crontab '" + crontab + "': " + e.getMessage(), e);
    }
    boolean either = !parts[2].startsWith("*") && !parts[4].startsWith("*");
    CronSchedule schedule =
        new CronSchedule(
            FieldParser.parse(CronField.YEAR, "*"),
            month,
            day,
            FieldParser.parse(CronField.WEEK, "*"),
            dayOfWeek,
            hour,
            minute,
            FieldParser.parse(CronField.SECOND, "0"),
            either);
    Map<String, String> given = new LinkedHashMap<>();
    given.put("month", parts[3]);
    given.put("day", parts[2]);
    given.put("day_of_week", parts[4]);
    given.put("hour", parts[1]);
    given.put("minute", parts[0]);
    return new ParsedCron(
        Collections.unmodifiableMap(given), crontab, schedule, "cron[crontab='" + crontab + "']");
  }
}
