package dev.apscheduler.trigger.cron;

import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.BitSet;

/**
 * The compiled fields of a cron trigger and the search for the next matching wall time. Works on
 * "local seconds" (seconds since 1970-01-01T00:00 of a wall clock, no zone), field by field like
 * Spring's {@code CronExpression}: a field that does not match moves to its next allowed value and
 * resets the less significant fields, or carries into the more significant field. Day-dependent
 * expressions ({@code last}, {@code xth y}, {@code last y}, week, day of week) are evaluated once
 * per visited month as a bit mask of matching days.
 *
 * <p>Immutable and thread-safe.
 */
final class CronSchedule {

  /** Returned by {@link #next} when no wall time at or after the start ever matches. */
  static final long NONE = Long.MIN_VALUE;

  /** The Gregorian calendar, ISO weeks included, repeats every 400 years. */
  private static final int CALENDAR_CYCLE = 400;

  private static final long SECONDS_PER_DAY = 86_400;

  private final BitSet years;
  private final int months;
  private final long days;
  private final boolean lastDay;
  private final long positional;
  private final long weeks;
  private final boolean allWeeks;
  private final int daysOfWeek;
  private final int hours;
  private final long minutes;
  private final long seconds;

  /** Crontab rule: day of month OR day of week (both restricted). */
  private final boolean dayOrDayOfWeek;

  /** Bits of matching days (1..31) in a 31-day month starting on weekday i (0 = Monday). */
  private final long[] weekdayMasks = new long[7];

  CronSchedule(
      FieldValues year,
      FieldValues month,
      FieldValues day,
      FieldValues week,
      FieldValues dayOfWeek,
      FieldValues hour,
      FieldValues minute,
      FieldValues second,
      boolean dayOrDayOfWeek) {
    this.years = year.years;
    this.months = (int) month.mask;
    this.days = day.mask;
    this.lastDay = day.lastDay;
    this.positional = day.positional;
    this.weeks = week.mask;
    this.allWeeks = (week.mask | 1L) == bits(0, 53);
    this.daysOfWeek = (int) dayOfWeek.mask;
    this.hours = (int) hour.mask;
    this.minutes = minute.mask;
    this.seconds = second.mask;
    this.dayOrDayOfWeek = dayOrDayOfWeek;
    for (int first = 0; first < 7; first++) {
      long mask = 0;
      for (int d = 1; d <= 31; d++) {
        if ((daysOfWeek & (1 << ((first + d - 1) % 7))) != 0) {
          mask |= 1L << d;
        }
      }
      weekdayMasks[first] = mask;
    }
  }

  private static long bits(int from, int to) {
    return (to >= 63 ? -1L : (1L << (to + 1)) - 1) & -(1L << from);
  }

  /**
   * The first wall time at or after {@code localSeconds} that matches every field, or {@link
   * #NONE}. Gives up after the year 9999, and as soon as 400 consecutive examined years had no
   * matching day (the calendar repeats then).
   */
  long next(long localSeconds) {
    long epochDay = Math.floorDiv(localSeconds, SECONDS_PER_DAY);
    int secondOfDay = (int) Math.floorMod(localSeconds, SECONDS_PER_DAY);
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    int y = date.getYear();
    int mo = date.getMonthValue();
    int d = date.getDayOfMonth();
    int h = secondOfDay / 3600;
    int mi = secondOfDay / 60 % 60;
    int s = secondOfDay % 60;
    final int startYear = y;
    int maskYear = 0;
    int maskMonth = 0;
    long dayMask = 0;
    int monthLength = 0;

    while (true) {
      // year: skip years not allowed, and years whose twin 400 years earlier was fully examined
      if (y < CronField.YEAR.min()) {
        y = CronField.YEAR.min();
        mo = 1;
        d = 1;
        h = mi = s = 0;
      }
      int ny = y;
      while (ny <= CronField.YEAR.max()) {
        ny = years.nextSetBit(ny);
        if (ny < 0) {
          return NONE;
        }
        int twin = ny - CALENDAR_CYCLE;
        if (twin > startYear && years.get(twin)) {
          ny++;
          continue;
        }
        break;
      }
      if (ny > CronField.YEAR.max()) {
        return NONE;
      }
      if (ny != y) {
        y = ny;
        mo = 1;
        d = 1;
        h = mi = s = 0;
      }

      // month
      int nmo = nextBit(months, mo);
      if (nmo < 0) {
        y++;
        mo = 1;
        d = 1;
        h = mi = s = 0;
        continue;
      }
      if (nmo != mo) {
        mo = nmo;
        d = 1;
        h = mi = s = 0;
      }

      // day (day of month, week, day of week together)
      if (maskYear != y || maskMonth != mo) {
        maskYear = y;
        maskMonth = mo;
        monthLength = lengthOfMonth(y, mo);
        dayMask = dayMask(y, mo, monthLength);
      }
      int nd = nextBit(dayMask, d);
      if (nd < 0) {
        mo++;
        if (mo > 12) {
          mo = 1;
          y++;
        }
        d = 1;
        h = mi = s = 0;
        continue;
      }
      if (nd != d) {
        d = nd;
        h = mi = s = 0;
      }

      // hour
      int nh = nextBit(hours, h);
      if (nh < 0) {
        h = mi = s = 0;
        d++;
        if (d > monthLength) {
          d = 1;
          mo++;
          if (mo > 12) {
            mo = 1;
            y++;
          }
        }
        continue;
      }
      if (nh != h) {
        h = nh;
        mi = s = 0;
      }

      // minute
      int nmi = nextBit(minutes, mi);
      if (nmi < 0) {
        mi = s = 0;
        h++;
        if (h > 23) {
          h = 0;
          d++;
          if (d > monthLength) {
            d = 1;
            mo++;
            if (mo > 12) {
              mo = 1;
              y++;
            }
          }
        }
        continue;
      }
      if (nmi != mi) {
        mi = nmi;
        s = 0;
      }

      // second
      int ns = nextBit(seconds, s);
      if (ns < 0) {
        s = 0;
        mi++;
        if (mi > 59) {
          mi = 0;
          h++;
          if (h > 23) {
            h = 0;
            d++;
            if (d > monthLength) {
              d = 1;
              mo++;
              if (mo > 12) {
                mo = 1;
                y++;
              }
            }
          }
        }
        continue;
      }
      s = ns;
      return LocalDate.of(y, mo, d).toEpochDay() * SECONDS_PER_DAY + h * 3600L + mi * 60L + s;
    }
  }

  /** Bits of the days (1..length) of the month that match day, week and day of week. */
  long dayMask(int year, int month, int length) {
    long valid = bits(1, length);
    int firstWeekday = weekday(year, month, 1);
    long dom = days & valid;
    if (lastDay) {
      dom |= 1L << length;
    }
    if (positional != 0) {
      dom |= positionalDays(firstWeekday, length);
    }
    long dow = weekdayMasks[firstWeekday] & valid;
    long result = dayOrDayOfWeek ? (dom | dow) : (dom & dow);
    if (!allWeeks && result != 0) {
      result &= weekDays(year, month, length, firstWeekday);
    }
    return result;
  }

  private long positionalDays(int firstWeekday, int length) {
    long result = 0;
    long remaining = positional;
    while (remaining != 0) {
      int bit = Long.numberOfTrailingZeros(remaining);
      remaining &= remaining - 1;
      int position = bit / 7;
      int weekday = bit % 7;
      int firstHit = weekday - firstWeekday + 1;
      if (firstHit <= 0) {
        firstHit += 7;
      }
      int target =
          position < FieldValues.LAST_POSITION
              ? firstHit + position * 7
              : firstHit + (length - firstHit) / 7 * 7;
      if (target <= length) {
        result |= 1L << target;
      }
    }
    return result;
  }

  /** Bits of the days of the month whose ISO week number is allowed. */
  private long weekDays(int year, int month, int length, int firstWeekday) {
    long result = 0;
    int week = LocalDate.of(year, month, 1).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    for (int d = 1; d <= length; d++) {
      int weekday = (firstWeekday + d - 1) % 7;
      if (weekday == 0 && d > 1) {
        // a Monday: week 1 starts on the Monday from Dec 29 to Jan 4
        week = (month == 12 && d >= 29) || (month == 1 && d <= 4) ? 1 : week + 1;
      }
      if ((weeks & (1L << week)) != 0) {
        result |= 1L << d;
      }
    }
    return result;
  }

  private static int nextBit(long mask, int from) {
    if (from > 63) {
      return -1;
    }
    long rest = mask & -(1L << from);
    return rest == 0 ? -1 : Long.numberOfTrailingZeros(rest);
  }

  static int lengthOfMonth(int year, int month) {
    switch (month) {
      case 2:
        return isLeap(year) ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  private static boolean isLeap(int year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  /** Day of week, 0 = Monday. */
  private static int weekday(int year, int month, int day) {
    return (int) Math.floorMod(LocalDate.of(year, month, day).toEpochDay() + 3, 7L);
  }
}
