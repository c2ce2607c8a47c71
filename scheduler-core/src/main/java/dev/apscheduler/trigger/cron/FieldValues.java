package dev.apscheduler.trigger.cron;

import java.util.BitSet;

/**
 * The compiled form of one field expression: the values it allows as a bit set, plus the
 * day-of-month expressions that depend on the month ({@code last}, {@code xth y}, {@code last y}).
 * Immutable once built by {@link FieldParser} (the year bit set is never exposed or changed).
 */
final class FieldValues {

  /** Position index of {@code last y} in {@link #positional}; 0..4 are 1st..5th. */
  static final int LAST_POSITION = 5;

  /** Allowed values as bits (bit n = value n), for every field but the year. */
  final long mask;

  /** Allowed years (bit n = year n); null for other fields. */
  final BitSet years;

  /** Day field: the month's last day matches. */
  final boolean lastDay;

  /**
   * Day field: bit {@code position * 7 + weekday} is set for {@code xth weekday} (position 0..4 =
   * 1st..5th, {@link #LAST_POSITION} = last; weekday 0 = Monday).
   */
  final long positional;

  /** The expression normalized as APScheduler prints it ({@code '1-5/2'}, {@code 'mon-fri'}). */
  final String normalized;

  FieldValues(long mask, BitSet years, boolean lastDay, long positional, String normalized) {
    this.mask = mask;
    this.years = years;
    this.lastDay = lastDay;
    this.positional = positional;
    this.normalized = normalized;
  }

  /** True if any day-of-month expression depends on the month. */
  boolean hasMonthDependentDays() {
    return lastDay || positional != 0;
  }
}
