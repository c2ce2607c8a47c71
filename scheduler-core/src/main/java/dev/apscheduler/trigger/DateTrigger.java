package dev.apscheduler.trigger;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * Fires once, at a given date and time (the guide's {@code add_date_job}). A run date in the past
 * is still returned: the scheduler decides whether it is within the misfire grace time. The run
 * date must be within the supported dates, years 1 to 9999 ({@link TriggerDates#MIN_SUPPORTED} to
 * {@link TriggerDates#MAX_SUPPORTED}).
 *
 * <p>Immutable and thread-safe.
 */
public final class DateTrigger implements Trigger {

  private final ZonedDateTime runDate;

  private DateTrigger(ZonedDateTime runDate) {
    this.runDate =
        TriggerDates.requireSupported("run_date", Objects.requireNonNull(runDate, "runDate"));
  }

  /**
   * A trigger that fires once at {@code runDate}.
   *
   * @throws IllegalArgumentException if the date is outside the supported dates
   */
  public static DateTrigger of(ZonedDateTime runDate) {
    return new DateTrigger(runDate);
  }

  /**
   * A trigger that fires once at {@code runDate}, a string as accepted by {@link TriggerDates};
   * without an offset it is wall time in {@code zone}.
   *
   * @throws IllegalArgumentException if the text is not a date, or one outside the supported dates
   */
  public static DateTrigger of(String runDate, ZoneId zone) {
    return new DateTrigger(TriggerDates.parse("run_date", runDate, zone));
  }

  /** The time this trigger fires at. */
  public ZonedDateTime runDate() {
    return runDate;
  }

  @Override
  public Optional<ZonedDateTime> nextFireTime(ZonedDateTime previousFireTime, ZonedDateTime now) {
    return previousFireTime == null ? Optional.of(runDate) : Optional.empty();
  }

  /** The run date: it needs no calendar. */
  @Override
  public Instant firstFireInstant(Instant now, ZoneId zone) {
    return runDate.toInstant();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DateTrigger other && runDate.equals(other.runDate);
  }

  @Override
  public int hashCode() {
    return runDate.hashCode();
  }

  @Override
  public String toString() {
    return "date[" + runDate + "]";
  }
}
