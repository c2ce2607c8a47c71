package dev.apscheduler.store;

import java.time.Instant;

/**
 * Instants as UTC epoch microseconds in a {@code long}, the form in which persistent stores keep
 * next run times and fire times, and the range of instants that form can hold: from {@value
 * #RANGE_TEXT}.
 *
 * <p>Stateless and thread-safe.
 */
final class EpochMicros {

  /** The earliest instant a {@code long} of epoch microseconds holds. */
  static final Instant MIN = fromMicros(Long.MIN_VALUE);

  /** The latest instant a {@code long} of epoch microseconds holds. */
  static final Instant MAX = fromMicros(Long.MAX_VALUE);

  /** The supported range, for messages. */
  static final String RANGE_TEXT =
      "-290308-12-21T19:59:05.224192Z to +294247-01-10T04:00:54.775807Z";

  private EpochMicros() {}

  /**
   * An instant as UTC epoch microseconds (finer parts are dropped).
   *
   * @throws IllegalArgumentException if the instant is outside the range, naming the range
   */
  static long toMicros(Instant instant) {
    requireInRange("instant", "a job store", instant);
    // In range, the product may wrap around only for the very first microseconds of the range,
    // and the sum then wraps back: two's complement arithmetic gives the exact result.
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }

  /** The instant of UTC epoch microseconds. */
  static Instant fromMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /**
   * Checks that an instant can be kept as epoch microseconds.
   *
   * @param path names the value in the message, such as {@code trigger.run_date}
   * @param owner who keeps it, such as {@code the persistent store 'db' of job 'report'}
   * @throws IllegalArgumentException naming the value, the instant and the supported range
   */
  static void requireInRange(String path, String owner, Instant instant) {
    if (instant.isBefore(MIN) || instant.isAfter(MAX.plusNanos(999))) {
      throw new IllegalArgumentException(
          path
              + ": "
              + owner
              + " keeps times from "
              + RANGE_TEXT
              + " (UTC epoch microseconds in 64 bits), not "
              + instant
              + "; use a time within that range");
    }
  }
}
