package dev.apscheduler.trigger;

import java.time.DateTimeException;
import java.time.Duration;
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
 * <p>Stateless and thread-safe.
 */
public final class TriggerDates {

  private static final Pattern LOCAL =
      Pattern.compile(
          "(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[ T](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(?:\\.(\\d{1,9}))?)?)?");

  private TriggerDates() {}

  /**
   * Parses a date string as described in the class comment.
   *
   * @param what the name of the option being parsed, used in the error message
   * @throws IllegalArgumentException naming {@code what}, the text and the accepted forms
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
        return ZonedDateTime.of(LocalDateTime.of(date, time), zone);
      }
      return OffsetDateTime.parse(trimmed.replace(' ', 'T')).atZoneSameInstant(zone);
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
   * @throws IllegalArgumentException naming {@code what} for a string that is not a date
   */
  public static ZonedDateTime builderDate(String what, Object value, ZoneId zone) {
    if (value == null) {
      return null;
    }
    if (value instanceof ZonedDateTime date) {
      return date.withZoneSameInstant(zone);
    }
    return parse(what, (String) value, zone);
  }

  /** Returns {@code time} shifted by a random amount in {@code [0, jitter]}, or as is. */
  public static ZonedDateTime applyJitter(ZonedDateTime time, Duration jitter) {
    if (jitter == null || jitter.isZero()) {
      return time;
    }
    long nanos = ThreadLocalRandom.current().nextLong(jitter.toNanos() + 1);
    return time.plusNanos(nanos);
  }

  /**
   * Checks that a jitter is not negative.
   *
   * @throws IllegalArgumentException if it is
   */
  public static Duration requireJitter(Duration jitter) {
    if (jitter != null && jitter.isNegative()) {
      throw new IllegalArgumentException("jitter: must not be negative, got " + jitter);
    }
    return jitter == null ? Duration.ZERO : jitter;
  }
}
