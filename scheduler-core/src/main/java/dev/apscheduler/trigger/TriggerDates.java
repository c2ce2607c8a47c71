package dev.apscheduler.trigger;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Date parsing and jitter shared by the built-in triggers.
 *
 * <p>Accepted date strings: {@code YYYY-MM-DD}, {@code YYYY-MM-DD HH:MM[:SS[.fraction]]} (month,
 * day and time parts may have one digit, as in the original library), and ISO-8601 with an offset
 * or {@code Z}. A string without an offset is wall time in the given zone; a time in a daylight
 * saving gap is moved forward by the length of the gap, an ambiguous time takes the earlier offset.
 *
 * <p>Supported dates: triggers accept dates from {@link #MIN_SUPPORTED} (0001-01-01T00:00:00Z) to
 * {@link #MAX_SUPPORTED} (9999-12-31T23:59:59.999999999Z), the years of the original library's
 * dates, and refuse others when they are built. Past year 9999 a trigger has no more fire times
 * (its {@code nextFireTime} is empty) rather than failing. A jitter is at most {@link #MAX_JITTER}.
 *
 * <p>Stateless and thread-safe.
 */
public final class TriggerDates {

  /** The earliest supported date: 0001-01-01T00:00:00Z. */
  public static final Instant MIN_SUPPORTED = Instant.parse("0001-01-01T00:00:00Z");

  /** The latest supported date: 9999-12-31T23:59:59.999999999Z. */
  public static final Instant MAX_SUPPORTED = Instant.parse("9999-12-31T23:59:59.999999999Z");

  /** The largest jitter: 365 days. */
  public static final Duration MAX_JITTER = Duration.ofDays(365);

  private static final String SUPPORTED_RANGE = MIN_SUPPORTED + " to " + MAX_SUPPORTED;

  private static final Pattern LOCAL =
      Pattern.compile(
          "(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[ T](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,9}))?)?)?");

  private TriggerDates() {}

  /**
   * Parses a date string as described in the class comment.
   *
   * @param what the name of the option being parsed, used in the error message
   * @throws IllegalArgumentException naming {@code what}, the text and the accepted forms, or the
   *     supported range for a date outside it
   */
  public static ZonedDateTime parse(String what, String text, ZoneId zone) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(what + ": a date is required, got '" + text + "'");
    }
    String trimmed = text.trim();
    Matcher m = LOCAL.matcher(trimmed);
    try {
      if (m.matches()) {
        LocalDate date =
            LocalDate.of(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
        LocalTime time = LocalTime.MIDNIGHT;
        if (m.group(4) != null) {
          int nanos = 0;
          if (m.group(7) != null) {
            nanos = Integer.parseInt((m.group(7) + "00000000").substring(0, 9));
          }
          time =
              LocalTime.of(
                  Integer.parseInt(m.group(4)),
                  Integer.parseInt(m.group(5)),
                  m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                  nanos);
        }
        return requireSupported(what, ZonedDateTime.of(LocalDateTime.of(date, time), zone));
      }
      return requireSupported(
          what, OffsetDateTime.parse(trimmed.replace(' ', 'T')).atZoneSameInstant(zone));
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          what
              + ": '"
              + text
              + "' is not a valid date; expected YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or ISO-8601 with"
              + " an offset ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  /**
   * The zone of a trigger being built: the one given, else the zone of a start or end date given as
   * a {@code ZonedDateTime}, else the system's.
   *
   * @param startDate the start date as given to a builder: a {@code ZonedDateTime}, a string or
   *     {@code null}
   * @param endDate the end date, likewise
   */
  public static ZoneId builderZone(ZoneId given, Object startDate, Object endDate) {
    if (given != null) {
      return given;
    }
    if (startDate instanceof ZonedDateTime start) {
      return start.getZone();
    }
    if (endDate instanceof ZonedDateTime end) {
      return end.getZone();
    }
    return ZoneId.systemDefault();
  }

  /**
   * A date as given to a trigger builder, in the trigger's zone: a {@code ZonedDateTime} moved to
   * {@code zone}, or a string parsed as {@link #parse} does; {@code null} stays {@code null}.
   *
   * @throws IllegalArgumentException naming {@code what} for a string that is not a date, or for a
   *     date outside the supported range
   */
  public static ZonedDateTime builderDate(String what, Object value, ZoneId zone) {
    if (value == null) {
      return null;
    }
    if (value instanceof ZonedDateTime date) {
      return requireSupported(what, date).withZoneSameInstant(zone);
    }
    return parse(what, (String) value, zone);
  }

  /**
   * Checks that a date is within the supported range, {@link #MIN_SUPPORTED} to {@link
   * #MAX_SUPPORTED}.
   *
   * @param what the name of the option, used in the error message
   * @throws IllegalArgumentException naming {@code what}, the date and the supported range
   */
  public static ZonedDateTime requireSupported(String what, ZonedDateTime date) {
    Instant instant = date.toInstant();
    if (instant.isBefore(MIN_SUPPORTED) || instant.isAfter(MAX_SUPPORTED)) {
      throw new IllegalArgumentException(
          what + ": " + date + " is outside the supported dates, " + SUPPORTED_RANGE);
    }
    return date;
  }

  /**
   * Returns {@code time} shifted by a random amount in {@code [0, jitter]}, or as is; never past
   * {@link #MAX_SUPPORTED}.
   *
   * @throws IllegalArgumentException if the jitter is negative or above {@link #MAX_JITTER}
   */
  public static ZonedDateTime applyJitter(ZonedDateTime time, Duration jitter) {
    if (requireJitter(jitter).isZero() || !time.toInstant().isBefore(MAX_SUPPORTED)) {
      return time;
    }
    Duration room = Duration.between(time.toInstant(), MAX_SUPPORTED);
    long bound = (room.compareTo(jitter) < 0 ? room : jitter).toNanos();
    return time.plusNanos(ThreadLocalRandom.current().nextLong(bound + 1));
  }

  /**
   * Checks that a jitter is neither negative nor longer than {@link #MAX_JITTER}.
   *
   * @return the jitter, or zero for {@code null}
   * @throws IllegalArgumentException if it is
   */
  public static Duration requireJitter(Duration jitter) {
    if (jitter != null && jitter.isNegative()) {
      throw new IllegalArgumentException("jitter: must not be negative, got " + jitter);
    }
    if (jitter != null && jitter.compareTo(MAX_JITTER) > 0) {
      throw new IllegalArgumentException(
          "jitter: must be at most 365 days (" + MAX_JITTER + "), got " + jitter);
    }
    return jitter == null ? Duration.ZERO : jitter;
  }
}
