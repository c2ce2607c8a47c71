package dev.apscheduler.trigger;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneRules;
import java.util.Objects;
import java.util.Optional;

/**
 * Fires on calendar-based intervals, always at the same wall clock time, like APScheduler 3.11's
 * {@code CalendarIntervalTrigger}.
 *
 * <p>The next date is found by first adding {@code years} and {@code months} to the previous date,
 * keeping its day of month, and repeating that until the date exists (so with {@code months=1} a
 * start on the 31st skips the months without a 31st); then {@code weeks} and {@code days} are
 * added. The date is combined with the time of day. A date whose time does not exist (daylight
 * saving gap) is skipped and the search goes on from it; a time that occurs twice takes the earlier
 * occurrence. Start and end dates are inclusive.
 *
 * <p>Without a previous fire time, the first fire time is the first one from the start date (today
 * in the trigger's zone when none is given) that is not before {@code now}. With a previous fire
 * time, the next one is returned even if it is in the past, so that missed runs are listed.
 *
 * <p>Limits: dates are supported from 0001-01-01 to 9999-12-31. The interval must fit in that range
 * (at most 9998 years and 11 months plus 3,652,058 days, and no more than the range in total), and
 * with a start date, the start date plus one interval must not pass 9999-12-31; all checked when
 * the trigger is built. A fire date that would come after 9999-12-31 ends the trigger.
 *
 * <p>Immutable and thread-safe.
 */
public final class CalendarIntervalTrigger implements Trigger {

  /** Steps after which a search for the first fire time gives up (about 27,000 years of days). */
  private static final int MAX_STEPS = 10_000_000;

  private static final LocalDate MIN_DATE = LocalDate.of(1, 1, 1);
  private static final LocalDate MAX_DATE = LocalDate.of(9999, 12, 31);
  private static final long MAX_MONTHS = MIN_DATE.until(MAX_DATE, ChronoUnit.MONTHS);
  private static final long MAX_DAYS = MIN_DATE.until(MAX_DATE, ChronoUnit.DAYS);

  private final int years;
  private final int months;
  private final int weeks;
  private final int days;
  private final LocalTime time;
  private final LocalDate startDate;
  private final LocalDate endDate;
  private final ZoneId zone;

  private CalendarIntervalTrigger(Builder b) {
    if (b.years < 0 || b.months < 0 || b.weeks < 0 || b.days < 0) {
      throw new IllegalArgumentException(
          "interval: years, months, weeks and days must not be negative, got " + b.interval());
    }
    if (b.years == 0 && b.months == 0 && b.weeks == 0 && b.days == 0) {
      throw new IllegalArgumentException(
          "interval: must be at least 1 day long; give years, months, weeks or days > 0");
    }
    try {
      this.time = LocalTime.of(b.hour, b.minute, b.second);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "time: "
              + b.hour
              + ":"
              + b.minute
              + ":"
              + b.second
              + " is not a valid time of day; expected hour 0..23, minute 0..59, second 0..59",
          e);
    }
    requireSupported("start_date", b.startDate);
    requireSupported("end_date", b.endDate);
    long totalMonths = b.years * 12L + b.months;
    long totalDays = b.weeks * 7L + b.days;
    if (totalMonths > MAX_MONTHS
        || totalDays > MAX_DAYS
        || plusInterval(MIN_DATE, totalMonths, totalDays).isAfter(MAX_DATE)) {
      throw new IllegalArgumentException(
          "interval: "
              + b.interval()
              + " is longer than the supported range of dates, "
              + MIN_DATE
              + " to "
              + MAX_DATE
              + "; give a shorter interval");
    }
    if (b.startDate != null
        && plusInterval(b.startDate, totalMonths, totalDays).isAfter(MAX_DATE)) {
      throw new IllegalArgumentException(
          "interval: start_date "
              + b.startDate
              + " plus the interval is after the latest supported date "
              + MAX_DATE
              + "; give an earlier start_date or a shorter interval");
    }
    if (b.startDate != null && b.endDate != null && b.endDate.isBefore(b.startDate)) {
      throw new IllegalArgumentException(
          "end_date: " + b.endDate + " is before start_date " + b.startDate);
    }
    this.years = b.years;
    this.months = b.months;
    this.weeks = b.weeks;
    this.days = b.days;
    this.startDate = b.startDate;
    this.endDate = b.endDate;
    this.zone = b.zone == null ? ZoneId.systemDefault() : b.zone;
  }

  private static void requireSupported(String what, LocalDate date) {
    if (date != null && (date.isBefore(MIN_DATE) || date.isAfter(MAX_DATE))) {
      throw new IllegalArgumentException(
          what + ": " + date + " is outside the supported dates, " + MIN_DATE + " to " + MAX_DATE);
    }
  }

  /** {@code date} plus an interval, both within the supported range: no overflow. */
  private static LocalDate plusInterval(LocalDate date, long months, long days) {
    return date.plusMonths(months).plusDays(days);
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Years added per interval. */
  public int years() {
    return years;
  }

  /** Months added per interval. */
  public int months() {
    return months;
  }

  /** Weeks added per interval. */
  public int weeks() {
    return weeks;
  }

  /** Days added per interval. */
  public int days() {
    return days;
  }

  /** The wall clock time of day of every fire time. */
  public LocalTime time() {
    return time;
  }

  /** The first date, or empty for the current date when the trigger is first scheduled. */
  public Optional<LocalDate> startDate() {
    return Optional.ofNullable(startDate);
  }

  /** The last possible date (inclusive), if any. */
  public Optional<LocalDate> endDate() {
    return Optional.ofNullable(endDate);
  }

  /** The zone of the wall clock. */
  public ZoneId zone() {
    return zone;
  }

  @Override
  public Optional<ZonedDateTime> nextFireTime(ZonedDateTime previousFireTime, ZonedDateTime now) {
    ZoneRules rules = zone.getRules();
    LocalDate date;
    if ((previousFireTime != null ? previousFireTime : now)
        .toInstant()
        .isAfter(TriggerDates.MAX_SUPPORTED)) {
      return Optional.empty();
    }
    if (previousFireTime != null) {
      date = advance(previousFireTime.withZoneSameInstant(zone).toLocalDate());
    } else {
      date = startDate != null ? startDate : now.withZoneSameInstant(zone).toLocalDate();
    }
    for (int step = 0; step < MAX_STEPS; step++) {
      if (date == null || (endDate != null && date.isAfter(endDate))) {
        return Optional.empty();
      }
      LocalDateTime local = LocalDateTime.of(date, time);
      if (!rules.getValidOffsets(local).isEmpty()) {
        // ZonedDateTime.of takes the earlier offset of an ambiguous time
        ZonedDateTime fire = ZonedDateTime.of(local, zone);
        if (previousFireTime != null || !fire.isBefore(now)) {
          return Optional.of(fire);
        }
      }
      date = advance(date);
    }
    return Optional.empty();
  }

  /** The next date after {@code date}, or null past the supported range. */
  private LocalDate advance(LocalDate date) {
    int year = date.getYear();
    int month = date.getMonthValue();
    int day = date.getDayOfMonth();
    LocalDate next = null;
    // at most a few rounds: a day of month 29..31 exists in most months
    for (int round = 0; round < 48 && next == null; round++) {
      month += months;
      year += years + Math.floorDiv(month - 1, 12);
      month = Math.floorMod(month - 1, 12) + 1;
      if (year > MAX_DATE.getYear()) {
        return null;
      }
      if (day <= YearMonth.of(year, month).lengthOfMonth()) {
        next = LocalDate.of(year, month, day);
      }
    }
    if (next == null) {
      return null;
    }
    next = next.plusDays(days + 7L * weeks);
    return next.isAfter(MAX_DATE) ? null : next;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CalendarIntervalTrigger other
        && years == other.years
        && months == other.months
        && weeks == other.weeks
        && days == other.days
        && time.equals(other.time)
        && Objects.equals(startDate, other.startDate)
        && Objects.equals(endDate, other.endDate)
        && zone.equals(other.zone);
  }

  @Override
  public int hashCode() {
    return Objects.hash(years, months, weeks, days, time, startDate, endDate, zone);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("calendarinterval[");
    if (years > 0) {
      s.append(years).append(" years, ");
    }
    if (months > 0) {
      s.append(months).append(" months, ");
    }
    if (weeks > 0) {
      s.append(weeks).append(" weeks, ");
    }
    if (days > 0) {
      s.append(days).append(" days, ");
    }
    return s.append("at ").append(time).append(']').toString();
  }

  /** Builds a {@link CalendarIntervalTrigger}. Not thread-safe; use one builder per thread. */
  public static final class Builder {
    private int years;
    private int months;
    private int weeks;
    private int days;
    private int hour;
    private int minute;
    private int second;
    private LocalDate startDate;
    private LocalDate endDate;
    private ZoneId zone;

    private Builder() {}

    /** The interval as given, for error messages. */
    private String interval() {
      return "years=" + years + " months=" + months + " weeks=" + weeks + " days=" + days;
    }

    /** Years per interval. */
    public Builder years(int years) {
      this.years = years;
      return this;
    }

    /** Months per interval. */
    public Builder months(int months) {
      this.months = months;
      return this;
    }

    /** Weeks per interval. */
    public Builder weeks(int weeks) {
      this.weeks = weeks;
      return this;
    }

    /** Days per interval. */
    public Builder days(int days) {
      this.days = days;
      return this;
    }

    /** Hour of the time of day (0..23, default 0). */
    public Builder hour(int hour) {
      this.hour = hour;
      return this;
    }

    /** Minute of the time of day (0..59, default 0). */
    public Builder minute(int minute) {
      this.minute = minute;
      return this;
    }

    /** Second of the time of day (0..59, default 0). */
    public Builder second(int second) {
      this.second = second;
      return this;
    }

    /** The first date (inclusive); default the current date when first scheduled. */
    public Builder startDate(LocalDate startDate) {
      this.startDate = startDate;
      return this;
    }

    /** The last possible date (inclusive). */
    public Builder endDate(LocalDate endDate) {
      this.endDate = endDate;
      return this;
    }

    /** The zone of the wall clock; default the system's. */
    public Builder timezone(ZoneId zone) {
      this.zone = zone;
      return this;
    }

    /**
     * Builds the trigger.
     *
     * @throws IllegalArgumentException if the interval is empty, negative or longer than the
     *     supported dates allow, the time of day is invalid, a date is unsupported, or the end date
     *     is before the start date
     */
    public CalendarIntervalTrigger build() {
      return new CalendarIntervalTrigger(this);
    }
  }
}
