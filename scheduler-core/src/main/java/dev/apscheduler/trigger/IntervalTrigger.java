package dev.apscheduler.trigger;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fires at a fixed interval of elapsed time (the guide's {@code add_interval_job}), anchored at a
 * start date: the runs are {@code start}, {@code start + interval}, {@code start + 2 * interval},
 * and so on. Without a start date the first run is one interval after the time the job is first
 * scheduled. A day is 24 hours here, also across a daylight saving change; use {@link
 * CalendarIntervalTrigger} for the same wall time every day.
 *
 * <p>Limits: dates are supported from year 1 to 9999 ({@link TriggerDates#MAX_SUPPORTED}). The
 * interval must be at most that range, and with a start date, the start date plus one interval must
 * not pass {@link TriggerDates#MAX_SUPPORTED}; both are checked when the trigger is built. A fire
 * time that would come after {@link TriggerDates#MAX_SUPPORTED} ends the trigger.
 *
 * <p>Immutable and thread-safe.
 */
public final class IntervalTrigger implements Trigger {

  /** The longest interval: the supported range of dates. */
  private static final Duration MAX_INTERVAL =
      Duration.between(TriggerDates.MIN_SUPPORTED, TriggerDates.MAX_SUPPORTED);

  /**
   * Triggers made by {@link #of}, shared by interval: they are immutable and equal, so the jobs of
   * an application that adds many with the same interval hold one trigger between them.
   */
  private static final ConcurrentHashMap<Duration, IntervalTrigger> SHARED =
      new ConcurrentHashMap<>();

  private static final int MAX_SHARED = 1024;

  private final Duration interval;
  private final ZonedDateTime startDate;
  private final ZonedDateTime endDate;
  private final ZoneId zone;
  private final Duration jitter;

  private IntervalTrigger(
      Duration interval,
      ZonedDateTime startDate,
      ZonedDateTime endDate,
      ZoneId zone,
      Duration jitter) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "interval: must be longer than zero, got " + interval + "; give weeks..seconds > 0");
    }
    if (interval.compareTo(MAX_INTERVAL) > 0) {
      throw new IllegalArgumentException(
          "interval: "
              + interval
              + " is longer than the supported range of dates, "
              + MAX_INTERVAL.toDays()
              + " days (years 1 to 9999); give a shorter interval");
    }
    if (startDate != null && startDate.toInstant().isAfter(latestBase(interval))) {
      throw new IllegalArgumentException(
          "interval: start_date "
              + startDate
              + " plus "
              + interval
              + " is after the latest supported date "
              + TriggerDates.MAX_SUPPORTED
              + "; give an earlier start_date or a shorter interval");
    }
    if (startDate != null && endDate != null && endDate.isBefore(startDate)) {
      throw new IllegalArgumentException(
          "end_date: " + endDate + " is before start_date " + startDate);
    }
    this.interval = interval;
    this.startDate = startDate;
    this.endDate = endDate;
    this.zone = zone;
    this.jitter = TriggerDates.requireJitter(jitter);
  }

  /**
   * A trigger firing every {@code interval} (sub-second intervals too), starting one interval from
   * now.
   */
  public static IntervalTrigger of(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    ZoneId zone = ZoneId.systemDefault();
    IntervalTrigger shared = SHARED.get(interval);
    if (shared != null && shared.zone.equals(zone)) {
      return shared;
    }
    IntervalTrigger trigger = new IntervalTrigger(interval, null, null, zone, Duration.ZERO);
    if (SHARED.size() < MAX_SHARED) {
      SHARED.put(interval, trigger);
    }
    return trigger;
  }

  /** Starts a builder; the interval is the sum of the units given. */
  public static Builder builder() {
    return new Builder();
  }

  /** The time between two runs. */
  public Duration interval() {
    return interval;
  }

  /** The first fire time, or empty when the trigger starts one interval after it is scheduled. */
  public Optional<ZonedDateTime> startDate() {
    return Optional.ofNullable(startDate);
  }

  /** The last possible fire time (inclusive), if any. */
  public Optional<ZonedDateTime> endDate() {
    return Optional.ofNullable(endDate);
  }

  /** The zone fire times are given in. */
  public ZoneId zone() {
    return zone;
  }

  /** The largest random delay added to each fire time. */
  public Duration jitter() {
    return jitter;
  }

  @Override
  public Optional<ZonedDateTime> nextFireTime(ZonedDateTime previousFireTime, ZonedDateTime now) {
    ZonedDateTime next;
    if (previousFireTime != null) {
      next = plusInterval(previousFireTime);
    } else if (startDate == null) {
      next = plusInterval(now);
    } else if (startDate.isAfter(now)) {
      next = startDate;
    } else if (now.toInstant().isAfter(TriggerDates.MAX_SUPPORTED)) {
      next = null;
    } else {
      Duration elapsed = Duration.between(startDate, now);
      long periods = elapsed.dividedBy(interval);
      next = startDate.plus(interval.multipliedBy(periods));
      if (next.isBefore(now)) {
        next = plusInterval(next);
      }
    }
    if (next == null || (endDate != null && next.isAfter(endDate))) {
      return Optional.empty();
    }
    return Optional.of(TriggerDates.applyJitter(next.withZoneSameInstant(zone), jitter));
  }

  /**
   * The first fire time from {@code now} in instant arithmetic, which is what adding a fixed
   * interval is in any zone; with jitter, through {@link #nextFireTime}.
   */
  @Override
  public Instant firstFireInstant(Instant now, ZoneId zone) {
    if (!jitter.isZero()) {
      return Trigger.super.firstFireInstant(now, zone);
    }
    Instant next;
    if (startDate == null) {
      next = now.isAfter(latestBase(interval)) ? null : now.plus(interval);
    } else if (startDate.toInstant().isAfter(now)) {
      next = startDate.toInstant();
    } else if (now.isAfter(TriggerDates.MAX_SUPPORTED)) {
      next = null;
    } else {
      Instant start = startDate.toInstant();
      long periods = Duration.between(start, now).dividedBy(interval);
      next = start.plus(interval.multipliedBy(periods));
      if (next.isBefore(now)) {
        next = next.isAfter(latestBase(interval)) ? null : next.plus(interval);
      }
    }
    return next == null || (endDate != null && next.isAfter(endDate.toInstant())) ? null : next;
  }

  /** {@code time} plus one interval, or null past the supported dates. */
  private ZonedDateTime plusInterval(ZonedDateTime time) {
    return time.toInstant().isAfter(latestBase(interval)) ? null : time.plus(interval);
  }

  /** The latest time that {@code interval} can still be added to. */
  private static Instant latestBase(Duration interval) {
    return TriggerDates.MAX_SUPPORTED.minus(interval);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IntervalTrigger other
        && interval.equals(other.interval)
        && Objects.equals(startDate, other.startDate)
        && Objects.equals(endDate, other.endDate)
        && zone.equals(other.zone)
        && jitter.equals(other.jitter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(interval, startDate, endDate, zone, jitter);
  }

  @Override
  public String toString() {
    return "interval[" + interval + "]";
  }

  /** Builds an {@link IntervalTrigger}. Not thread-safe; use one builder per thread. */
  public static final class Builder {
    private Duration interval = Duration.ZERO;
    private Object startDate;
    private Object endDate;
    private ZoneId zone;
    private Duration jitter = Duration.ZERO;

    private Builder() {}

    /** Adds weeks to the interval. */
    public Builder weeks(long weeks) {
      return add("weeks", weeks, ChronoUnit.WEEKS);
    }

    /** Adds days (of 24 hours) to the interval. */
    public Builder days(long days) {
      return add("days", days, ChronoUnit.DAYS);
    }

    /** Adds hours to the interval. */
    public Builder hours(long hours) {
      return add("hours", hours, ChronoUnit.HOURS);
    }

    /** Adds minutes to the interval. */
    public Builder minutes(long minutes) {
      return add("minutes", minutes, ChronoUnit.MINUTES);
    }

    /** Adds seconds to the interval. */
    public Builder seconds(long seconds) {
      return add("seconds", seconds, ChronoUnit.SECONDS);
    }

    /** Adds a duration to the interval (for sub-second intervals). */
    public Builder interval(Duration duration) {
      try {
        interval = interval.plus(duration);
      } catch (ArithmeticException e) {
        throw tooLong("interval=" + duration, e);
      }
      return this;
    }

    private Builder add(String unit, long amount, ChronoUnit chronoUnit) {
      try {
        interval = interval.plus(chronoUnit.getDuration().multipliedBy(amount));
      } catch (ArithmeticException e) {
        throw tooLong(unit + "=" + amount, e);
      }
      return this;
    }

    private static IllegalArgumentException tooLong(String what, ArithmeticException e) {
      return new IllegalArgumentException(
          "interval: "
              + what
              + " makes the interval longer than the supported range of dates, "
              + MAX_INTERVAL.toDays()
              + " days (years 1 to 9999); give a shorter interval",
          e);
    }

    /** The first fire time. */
    public Builder startDate(ZonedDateTime startDate) {
      this.startDate = startDate;
      return this;
    }

    /** The first fire time, as a date string; without an offset it is wall time in the zone. */
    public Builder startDate(String startDate) {
      this.startDate = startDate;
      return this;
    }

    /** The last possible fire time (inclusive). */
    public Builder endDate(ZonedDateTime endDate) {
      this.endDate = endDate;
      return this;
    }

    /** The last possible fire time (inclusive), as a date string. */
    public Builder endDate(String endDate) {
      this.endDate = endDate;
      return this;
    }

    /** The zone of fire times and of date strings; default the start date's or the system's. */
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
     * @throws IllegalArgumentException if the interval is not positive or longer than the supported
     *     dates allow, a date is invalid or unsupported, or the end is before the start
     */
    public IntervalTrigger build() {
      ZoneId effectiveZone = TriggerDates.builderZone(zone, startDate, endDate);
      return new IntervalTrigger(
          interval,
          TriggerDates.builderDate("start_date", startDate, effectiveZone),
          TriggerDates.builderDate("end_date", endDate, effectiveZone),
          effectiveZone,
          jitter);
    }
  }
}
