package dev.apscheduler.trigger.cron;

import dev.apscheduler.trigger.Trigger;
import dev.apscheduler.trigger.TriggerDates;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
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
 * <p>Start and end dates are inclusive and must be within the supported dates, years 1 to 9999
 * ({@link TriggerDates#MAX_SUPPORTED}); a jitter is at most {@link TriggerDates#MAX_JITTER}.
 * Daylight saving time follows the wall clock: a matching wall time that does not exist (spring
 * gap) fires at the instant it is shifted to (02:30 becomes 03:30 summer time), a matching wall
 * time that occurs twice (autumn overlap) fires at both instants.
 *
 * <p>{@link #fromCrontab} reads standard five-field crontab lines: 0 and 7 are Sunday there, and
 * when both day of month and day of week are restricted a day matches if either does.
 *
 * <p>Immutable and thread-safe.
 */
public final class CronTrigger implements Trigger {

  /**
   * Parsed expressions by their text, shared by the triggers built from equal expressions: parsing
   * and the schedule's tables are paid once, not per job. Bounded; past the bound, triggers parse
   * their own.
   */
  private static final Map<String, ParsedCron> PARSED = new ConcurrentHashMap<>();

  private static final int PARSED_CACHE_SIZE = 4096;

  private final Map<String, String> fields;
  private final String crontab;
  private final ZonedDateTime startDate;
  private final ZonedDateTime endDate;
  private final ZoneId zone;
  private final Duration jitter;
  private final WallClockResolver wallClock;
  private final String description;

  private CronTrigger(
      ParsedCron parsed,
      ZonedDateTime startDate,
      ZonedDateTime endDate,
      ZoneId zone,
      Duration jitter) {
    if (startDate != null && endDate != null && endDate.isBefore(startDate)) {
      throw new IllegalArgumentException(
          "end_date: " + endDate + " is before start_date " + startDate);
    }
    this.fields = parsed.fields();
    this.crontab = parsed.crontab();
    this.startDate = startDate;
    this.endDate = endDate;
    this.zone = zone;
    this.jitter = TriggerDates.requireJitter(jitter);
    this.wallClock = new WallClockResolver(parsed.schedule(), zone.getRules());
    this.description = parsed.description();
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
    long next = wallClock.next(from);
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
    private final String[] expressions = new String[CronField.values().length];
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
      ParsedCron parsed = PARSED.get(cacheKey());
      if (parsed == null) {
        parsed = crontab != null ? CrontabDialect.parse(crontab) : KeywordFields.parse(expressions);
        if (PARSED.size() < PARSED_CACHE_SIZE) {
          PARSED.putIfAbsent(cacheKey(), parsed);
        }
      }
      return new CronTrigger(parsed, start, end, effectiveZone, jitter);
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
  }
}
