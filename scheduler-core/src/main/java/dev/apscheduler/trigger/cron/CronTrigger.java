package dev.apscheduler.trigger.cron;

import dev.apscheduler.trigger.Trigger;
import dev.apscheduler.trigger.TriggerDates;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fires when the wall clock in the trigger's zone matches every field, like APScheduler 3.x's
 * {@code CronTrigger} (the guide's {@code add_cron_job}).
 *
 * <p>Fields, most significant first: {@code year} (1970..9999), {@code month} (1..12 or jan..dec),
 * {@code day} (1..31, {@code last}, {@code last fri}, {@code 1st}..{@code 5th fri}), {@code week}
 * (ISO week 1..53), {@code day_of_week} (0..6 with 0 = Monday, or mon..sun), {@code hour}, {@code
 * minute}, {@code second}. Each takes {@code *}, {@code *}{@code /step}, {@code a}, {@code a-b},
 * {@code a-b/step}, {@code a/step} and comma lists. Fields less significant than the least
 * significant given field default to their minimum, the others to {@code *} ({@code week} and
 * {@code day_of_week} always to {@code *}). Day and day of week must both match.
 *
 * <p>Start and end dates are inclusive. Daylight saving time follows the wall clock: a matching
 * wall time that does not exist (spring gap) fires at the instant it is shifted to (02:30 becomes
 * 03:30 summer time), a matching wall time that occurs twice (autumn overlap) fires at both
 * instants.
 *
 * <p>{@link #fromCrontab} reads standard five-field crontab lines: 0 and 7 are Sunday there, and
 * when both day of month and day of week are restricted a day matches if either does.
 *
 * <p>Immutable and thread-safe.
 */
public final class CronTrigger implements Trigger {

  private static final String[] KEYWORDS = {
    "year", "month", "day", "week", "day_of_week", "hour", "minute", "second"
  };

  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  /**
   * Parsed expressions by their text, shared by the triggers built from equal expressions: parsing
   * and the schedule's tables are paid once, not per job. Bounded; past the bound, triggers parse
   * their own.
   */
  private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();

  private static final int PARSED_CACHE_SIZE = 4096;

  /** What the fields or crontab line of a trigger parse to; immutable. */
  private record Parsed(
      Map<String, String> fields, String crontab, CronSchedule schedule, String description) {}

  private final Map<String, String> fields;
  private final String crontab;
  private final ZonedDateTime startDate;
  private final ZonedDateTime endDate;
  private final ZoneId zone;
  private final Duration jitter;
  private final CronSchedule schedule;
  private final ZoneRules rules;
  private final String description;

  private CronTrigger(
      Map<String, String> fields,
      String crontab,
      ZonedDateTime startDate,
      ZonedDateTime endDate,
      ZoneId zone,
      Duration jitter,
      CronSchedule schedule,
      String description) {
    if (startDate != null && endDate != null && endDate.isBefore(startDate)) {
      throw new IllegalArgumentException(
          "end_date: " + endDate + " is before start_date " + startDate);
    }
    this.fields = fields;
    this.crontab = crontab;
    this.startDate = startDate;
    this.endDate = endDate;
    this.zone = zone;
    this.jitter = TriggerDates.requireJitter(jitter);
    this.schedule = schedule;
    this.rules = zone.getRules();
    this.description = description;
  }

  /** Starts a builder for keyword fields. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A trigger from a standard crontab line {@code minute hour day month day_of_week}, or one of the
   * macros {@code @hourly @daily @midnight @weekly @monthly @yearly @annually}. In the day of week
   * field 0 and 7 are Sunday and names sun..sat are accepted; when both day of month and day of
   * week are restricted (neither starts with {@code *}) a day matches if either matches (Vixie
   * cron). The second is 0.
   *
   * @throws IllegalArgumentException if the line is not a valid crontab expression
   */
  public static CronTrigger fromCrontab(String expression, ZoneId zone) {
    return builder().crontab(expression).timezone(zone).build();
  }

  /**
   * The field expressions as given, by keyword name ({@code year month day week day_of_week hour
   * minute second}), most significant first; fields not given are absent. For a trigger built from
   * a crontab line these are its five fields in crontab syntax: rebuild such a trigger from {@link
   * #crontab()}.
   */
  public Map<String, String> fields() {
    return fields;
  }

  /** The crontab line this trigger was built from, if any. */
  public Optional<String> crontab() {
    return Optional.ofNullable(crontab);
  }

  /** The earliest possible fire time (inclusive), if any. */
  public Optional<ZonedDateTime> startDate() {
    return Optional.ofNullable(startDate);
  }

  /** The latest possible fire time (inclusive), if any. */
  public Optional<ZonedDateTime> endDate() {
    return Optional.ofNullable(endDate);
  }

  /** The zone whose wall clock the fields are matched against. */
  public ZoneId zone() {
    return zone;
  }

  /** The largest random delay added to each fire time. */
  public Duration jitter() {
    return jitter;
  }

  @Override
  public Optional<ZonedDateTime> nextFireTime(ZonedDateTime previousFireTime, ZonedDateTime now) {
    Objects.requireNonNull(now, "now");
    Instant current = now.toInstant();
    Instant start;
    if (previousFireTime != null) {
      // as 3.x: min(now, previous + 1us), so that missed runs are listed too
      Instant previous = previousFireTime.toInstant();
      Instant after = previous.plusNanos(1_000);
      start = current.isBefore(after) && !current.equals(previous) ? current : after;
    } else {
      start =
          startDate != null && startDate.toInstant().isAfter(current)
              ? startDate.toInstant()
              : current;
    }
    long from = start.getEpochSecond() + (start.getNano() > 0 ? 1 : 0);
    if (endDate != null && from > endDate.toEpochSecond()) {
      return Optional.empty();
    }
    long next = nextInstant(from);
    if (next == CronSchedule.NONE
        || (endDate != null && Instant.ofEpochSecond(next).isAfter(endDate.toInstant()))) {
      return Optional.empty();
    }
    ZonedDateTime result =
        TriggerDates.applyJitter(
            ZonedDateTime.ofInstant(Instant.ofEpochSecond(next), zone), jitter);
    if (endDate != null && result.isAfter(endDate)) {
      result = endDate.withZoneSameInstant(zone);
    }
    return Optional.of(result);
  }

  /** The first fire instant (epoch seconds) at or after {@code from}, or NONE. */
  private long nextInstant(long from) {
    if (rules.isFixedOffset()) {
      int offset = rules.getOffset(Instant.EPOCH).getTotalSeconds();
      long wall = schedule.next(from + offset);
      return wall == CronSchedule.NONE ? wall : wall - offset;
    }
    Instant fromInstant = Instant.ofEpochSecond(from);
    long wallNow = from + rules.getOffset(fromInstant).getTotalSeconds();
    long wall = schedule.next(wallNow);
    long best = wall == CronSchedule.NONE ? CronSchedule.NONE : resolve(wall, from);
    // inside the first occurrence of a repeated hour: its earlier wall times come again
    ZoneOffsetTransition transition = rules.nextTransition(fromInstant);
    if (transition != null && transition.isOverlap()) {
      long repeatStart = localSeconds(transition.getDateTimeAfter());
      long repeatEnd = localSeconds(transition.getDateTimeBefore());
      if (wallNow >= repeatStart) {
        long again = schedule.next(repeatStart);
        if (again != CronSchedule.NONE && again < repeatEnd) {
          long instant = again - transition.getOffsetAfter().getTotalSeconds();
          if (best == CronSchedule.NONE || instant < best) {
            best = instant;
          }
        }
      }
    }
    return best;
  }

  /**
   * The instant of the matching wall time {@code wall}, the search having started at {@code from}.
   */
  private long resolve(long wall, long from) {
    LocalDateTime local = LocalDateTime.ofEpochSecond(wall, 0, ZoneOffset.UTC);
    ZoneOffsetTransition transition = rules.getTransition(local);
    if (transition == null) {
      return wall - rules.getOffset(local).getTotalSeconds();
    }
    long early = wall - transition.getOffsetBefore().getTotalSeconds();
    if (transition.isOverlap()) {
      return early >= from ? early : wall - transition.getOffsetAfter().getTotalSeconds();
    }
    // a gap: the wall time fires at the instant it is shifted to, unless a wall time after the
    // gap matches at an earlier instant
    long after = schedule.next(localSeconds(transition.getDateTimeAfter()));
    if (after != CronSchedule.NONE) {
      LocalDateTime afterLocal = LocalDateTime.ofEpochSecond(after, 0, ZoneOffset.UTC);
      ZoneOffsetTransition next = rules.getTransition(afterLocal);
      long instant =
          after
              - (next == null
                  ? rules.getOffset(afterLocal).getTotalSeconds()
                  : next.getOffsetBefore().getTotalSeconds());
      if (instant < early) {
        return instant;
      }
    }
    return early;
  }

  private static long localSeconds(LocalDateTime local) {
    return local.toEpochSecond(ZoneOffset.UTC);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CronTrigger other
        && fields.equals(other.fields)
        && Objects.equals(crontab, other.crontab)
        && Objects.equals(startDate, other.startDate)
        && Objects.equals(endDate, other.endDate)
        && zone.equals(other.zone)
        && jitter.equals(other.jitter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fields, crontab, startDate, endDate, zone, jitter);
  }

  /** As the original: {@code cron[month='6-8', day='3rd fri', hour='0-3']}. */
  @Override
  public String toString() {
    return description;
  }

  /** Builds a {@link CronTrigger}. Not thread-safe; use one builder per thread. */
  public static final class Builder {
    private final String[] expressions = new String[KEYWORDS.length];
    private String crontab;
    private Object startDate;
    private Object endDate;
    private ZoneId zone;
    private Duration jitter = Duration.ZERO;

    private Builder() {}

    private Builder set(CronField field, String expression) {
      expressions[field.ordinal()] = Objects.requireNonNull(expression, field.keyword());
      return this;
    }

    /** The year field (4-digit years, 1970..9999). */
    public Builder year(String expression) {
      return set(CronField.YEAR, expression);
    }

    /** The year field. */
    public Builder year(int year) {
      return year(Integer.toString(year));
    }

    /** The month field (1..12 or jan..dec). */
    public Builder month(String expression) {
      return set(CronField.MONTH, expression);
    }

    /** The month field. */
    public Builder month(int month) {
      return month(Integer.toString(month));
    }

    /** The day of month field (1..31, {@code last}, {@code last fri}, {@code 3rd fri}). */
    public Builder day(String expression) {
      return set(CronField.DAY, expression);
    }

    /** The day of month field. */
    public Builder day(int day) {
      return day(Integer.toString(day));
    }

    /** The ISO week field (1..53). */
    public Builder week(String expression) {
      return set(CronField.WEEK, expression);
    }

    /** The ISO week field. */
    public Builder week(int week) {
      return week(Integer.toString(week));
    }

    /** The day of week field (0..6 with 0 = Monday, or mon..sun). */
    public Builder dayOfWeek(String expression) {
      return set(CronField.DAY_OF_WEEK, expression);
    }

    /** The day of week field (0 = Monday). */
    public Builder dayOfWeek(int dayOfWeek) {
      return dayOfWeek(Integer.toString(dayOfWeek));
    }

    /** The hour field (0..23). */
    public Builder hour(String expression) {
      return set(CronField.HOUR, expression);
    }

    /** The hour field. */
    public Builder hour(int hour) {
      return hour(Integer.toString(hour));
    }

    /** The minute field (0..59). */
    public Builder minute(String expression) {
      return set(CronField.MINUTE, expression);
    }

    /** The minute field. */
    public Builder minute(int minute) {
      return minute(Integer.toString(minute));
    }

    /** The second field (0..59). */
    public Builder second(String expression) {
      return set(CronField.SECOND, expression);
    }

    /** The second field. */
    public Builder second(int second) {
      return second(Integer.toString(second));
    }

    /**
     * Takes the fields from a crontab line instead (see {@link CronTrigger#fromCrontab}); cannot be
     * combined with keyword fields.
     */
    public Builder crontab(String expression) {
      this.crontab = Objects.requireNonNull(expression, "crontab");
      return this;
    }

    /** The earliest possible fire time (inclusive). */
    public Builder startDate(ZonedDateTime startDate) {
      this.startDate = startDate;
      return this;
    }

    /** The earliest possible fire time, as a date string; without an offset it is wall time. */
    public Builder startDate(String startDate) {
      this.startDate = startDate;
      return this;
    }

    /** The latest possible fire time (inclusive). */
    public Builder endDate(ZonedDateTime endDate) {
      this.endDate = endDate;
      return this;
    }

    /** The latest possible fire time (inclusive), as a date string. */
    public Builder endDate(String endDate) {
      this.endDate = endDate;
      return this;
    }

    /**
     * The zone whose wall clock the fields match; default the start date's zone, else the end
     * date's, else the system's.
     */
    public Builder timezone(ZoneId zone) {
      this.zone = zone;
      return this;
    }

    /** Adds a random delay of up to {@code jitter} to each fire time. */
    public Builder jitter(Duration jitter) {
      this.jitter = jitter;
      return this;
    }

    /**
     * Builds the trigger.
     *
     * @throws IllegalArgumentException if an expression or date is invalid, naming the field, the
     *     text and what is accepted
     */
    public CronTrigger build() {
      ZoneId effectiveZone = TriggerDates.builderZone(zone, startDate, endDate);
      ZonedDateTime start = TriggerDates.builderDate("start_date", startDate, effectiveZone);
      ZonedDateTime end = TriggerDates.builderDate("end_date", endDate, effectiveZone);
      if (crontab != null) {
        for (String e : expressions) {
          if (e != null) {
            throw new IllegalArgumentException(
                "crontab: cannot be combined with keyword fields; give either a crontab line or"
                    + " fields");
          }
        }
      }
      Parsed parsed = PARSED.get(cacheKey());
      if (parsed == null) {
        parsed = crontab != null ? parseCrontab() : parseFields();
        if (PARSED.size() < PARSED_CACHE_SIZE) {
          PARSED.putIfAbsent(cacheKey(), parsed);
        }
      }
      return new CronTrigger(
          parsed.fields(),
          parsed.crontab(),
          start,
          end,
          effectiveZone,
          jitter,
          parsed.schedule(),
          parsed.description());
    }

    /** The text of the expressions: equal keys parse to equal results. */
    private String cacheKey() {
      if (crontab != null) {
        return "crontab\u0000" + crontab;
      }
      StringBuilder key = new StringBuilder("fields");
      for (String expression : expressions) {
        key.append('\u0000').append(expression == null ? "\u0001" : expression);
      }
      return key.toString();
    }

    private Parsed parseFields() {
      CronField[] all = CronField.all();
      int lastGiven = -1;
      for (int i = 0; i < all.length; i++) {
        if (expressions[i] != null) {
          lastGiven = i;
        }
      }
      Map<String, String> given = new LinkedHashMap<>();
      FieldValues[] values = new FieldValues[all.length];
      StringBuilder description = new StringBuilder("cron[");
      for (int i = 0; i < all.length; i++) {
        CronField field = all[i];
        String expression = expressions[i];
        if (expression != null) {
          given.put(field.keyword(), expression);
          values[i] = FieldParser.parse(field, expression);
          if (description.length() > 5) {
            description.append(", ");
          }
          description
              .append(field.keyword())
              .append("='")
              .append(values[i].normalized)
              .append('\'');
        } else {
          values[i] =
              FieldParser.parse(
                  field, lastGiven >= 0 && i > lastGiven ? field.defaultExpression() : "*");
        }
      }
      description.append(']');
      CronSchedule schedule =
          new CronSchedule(
              values[0], values[1], values[2], values[3], values[4], values[5], values[6],
              values[7], false);
      return new Parsed(Collections.unmodifiableMap(given), null, schedule, description.toString());
    }

    private Parsed parseCrontab() {
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
      return new Parsed(
          Collections.unmodifiableMap(given), crontab, schedule, "cron[crontab='" + crontab + "']");
    }
  }
}
