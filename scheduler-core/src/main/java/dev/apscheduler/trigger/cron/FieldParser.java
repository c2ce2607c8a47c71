package dev.apscheduler.trigger.cron;

import java.util.BitSet;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles field expressions in APScheduler 3.x's grammar to {@link FieldValues}. Stateless and
 * thread-safe.
 *
 * <p>Accepted per comma-separated part: {@code *}, {@code *}{@code /step}, {@code a}, {@code a-b},
 * {@code a-b/step}, {@code a/step} (a to the field maximum); month names ({@code jan}, {@code
 * jan-mar}) in the month field; weekday names ({@code mon}, {@code mon-fri}) in the day_of_week
 * field; {@code last}, {@code last fri} and {@code 1st}..{@code 5th fri} in the day field. Ranges
 * never wrap around. Unlike 3.x, text after a name ({@code mon-fri/2}) is refused instead of being
 * silently ignored.
 */
final class FieldParser {

  private static final Pattern SEPARATOR = Pattern.compile(" *, *");
  private static final Pattern ALL = Pattern.compile("\\*(?:/(\\d+))?");
  private static final Pattern RANGE = Pattern.compile("(\\d+)(?:-(\\d+))?(?:/(\\d+))?");
  private static final Pattern NAMES = Pattern.compile("([a-zA-Z]+)(?:-([a-zA-Z]+))?");
  private static final Pattern POSITIONAL =
      Pattern.compile("(1st|2nd|3rd|4th|5th|last) +(\\S+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern BAD_POSITION =
      Pattern.compile("(\\d+)(?:st|nd|rd|th) +\\S+", Pattern.CASE_INSENSITIVE);
  private static final Pattern LAST = Pattern.compile("last", Pattern.CASE_INSENSITIVE);

  static final String[] WEEKDAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  static final String[] MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };
  private static final String[] POSITIONS = {"1st", "2nd", "3rd", "4th", "5th", "last"};

  /** Crontab weekday names, 0 = Sunday. */
  private static final String[] CRON_WEEKDAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

  /** Larger than any field maximum; stands for numbers too long to matter. */
  private static final int HUGE = 1_000_000_000;

  private FieldParser() {}

  /**
   * Compiles a keyword-field expression.
   *
   * @throws IllegalArgumentException naming the field, the text and what is accepted
   */
  static FieldValues parse(CronField field, String text) {
    return parse(field, text, field.keyword(), false);
  }

  /**
   * Compiles a crontab day-of-week expression: 0..7 with 0 and 7 = Sunday, names sun..sat. The
   * result uses the keyword numbering (bit 0 = Monday).
   */
  static FieldValues parseCrontabDayOfWeek(String text) {
    FieldValues cron = parse(CronField.DAY_OF_WEEK, text, "day_of_week", true);
    long mask = 0;
    for (int n = 0; n <= 7; n++) {
      if ((cron.mask & (1L << n)) != 0) {
        mask |= 1L << ((n + 6) % 7);
      }
    }
    return new FieldValues(mask, null, false, 0, cron.normalized);
  }

  private static FieldValues parse(CronField field, String text, String label, boolean cronDow) {
    if (text == null) {
      throw new IllegalArgumentException(label + ": an expression is required, got null");
    }
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException(
          label + ": '" + text + "' is empty; accepted: " + accepted(field, cronDow));
    }
    String[] parts = SEPARATOR.split(trimmed, -1);
    Acc acc = new Acc(field, cronDow);
    StringBuilder normalized = new StringBuilder();
    for (String part : parts) {
      String n = parsePart(acc, part, label, parts.length > 1 ? text : null);
      if (normalized.length() > 0) {
        normalized.append(',');
      }
      normalized.append(n);
    }
    return new FieldValues(acc.mask, acc.years, acc.lastDay, acc.positional, normalized.toString());
  }

  /** Mutable accumulator of one field's values while parsing. */
  private static final class Acc {
    final CronField field;
    final boolean cronDow;
    final int min;
    final int max;
    long mask;
    BitSet years;
    boolean lastDay;
    long positional;

    Acc(CronField field, boolean cronDow) {
      this.field = field;
      this.cronDow = cronDow;
      this.min = field.min();
      this.max = cronDow ? 7 : field.max();
      if (field == CronField.YEAR) {
        years = new BitSet(max + 1);
      }
    }

    void add(int first, int last, int step) {
      for (int v = first; v <= last; v += step) {
        if (years != null) {
          years.set(v);
        } else {
          mask |= 1L << v;
        }
      }
    }
  }

  private static String parsePart(Acc acc, String part, String label, String whole) {
    CronField field = acc.field;
    Matcher m = ALL.matcher(part);
    if (m.matches()) {
      int step = m.group(1) == null ? 0 : number(m.group(1));
      if (m.group(1) != null && step == 0) {
        throw error(label, part, whole, "the step must be at least 1");
      }
      int range = acc.max - acc.min;
      if (step > range) {
        throw error(
            label,
            part,
            whole,
            "the step " + m.group(1) + " is larger than the field's range " + range);
      }
      acc.add(acc.min, acc.max, Math.max(step, 1));
      return step == 0 ? "*" : "*/" + step;
    }
    m = RANGE.matcher(part);
    if (m.matches()) {
      int first = number(m.group(1));
      Integer last = m.group(2) == null ? null : number(m.group(2));
      Integer step = m.group(3) == null ? null : number(m.group(3));
      return range(acc, part, label, whole, first, last, step, m.group(1), m.group(2), null);
    }
    m = NAMES.matcher(part);
    if (m.matches() && (field == CronField.MONTH || field == CronField.DAY_OF_WEEK)) {
      if (field == CronField.DAY_OF_WEEK && acc.cronDow) {
        int first = name(CRON_WEEKDAYS, m.group(1), 0, label, part, whole, "weekday", "sun..sat");
        Integer last = null;
        if (m.group(2) != null) {
          last = name(CRON_WEEKDAYS, m.group(2), 0, label, part, whole, "weekday", "sun..sat");
          if (last == 0) {
            last = 7; // 'fri-sun' ends on Sunday = 7
          }
        }
        return range(acc, part, label, whole, first, last, null, m.group(1), m.group(2), null);
      }
      boolean month = field == CronField.MONTH;
      String[] names = month ? MONTHS : WEEKDAYS;
      int base = month ? 1 : 0;
      String kind = month ? "month" : "weekday";
      String list = month ? "jan..dec" : "mon..sun";
      int first = name(names, m.group(1), base, label, part, whole, kind, list);
      Integer last =
          m.group(2) == null ? null : name(names, m.group(2), base, label, part, whole, kind, list);
      return range(acc, part, label, whole, first, last, null, m.group(1), m.group(2), names);
    }
    if (field == CronField.DAY) {
      m = POSITIONAL.matcher(part);
      if (m.matches()) {
        int position = indexOf(POSITIONS, m.group(1));
        int weekday = indexOf(WEEKDAYS, m.group(2));
        if (weekday < 0) {
          throw error(
              label, part, whole, "unknown weekday name '" + m.group(2) + "'; accepted: mon..sun");
        }
        acc.positional |= 1L << (position * 7 + weekday);
        return POSITIONS[position] + " " + WEEKDAYS[weekday];
      }
      if (LAST.matcher(part).matches()) {
        acc.lastDay = true;
        return "last";
      }
      if (BAD_POSITION.matcher(part).matches()) {
        throw error(
            label,
            part,
            whole,
            "the position must be one of 1st, 2nd, 3rd, 4th, 5th or last (as in '3rd fri')");
      }
    }
    throw error(
        label, part, whole, "not a valid expression; accepted: " + accepted(field, acc.cronDow));
  }

  private static String range(
      Acc acc,
      String part,
      String label,
      String whole,
      int first,
      Integer last,
      Integer step,
      String firstText,
      String lastText,
      String[] names) {
    if (step != null && step == 0) {
      throw error(label, part, whole, "the step must be at least 1");
    }
    if (last == null && step == null) {
      last = first;
    }
    if (last != null && first > last) {
      throw error(
          label,
          part,
          whole,
          "the range start "
              + firstText
              + " is after its end "
              + lastText
              + " (ranges do not wrap around)");
    }
    int total = acc.max - acc.min;
    if (step != null && step > total) {
      throw error(
          label, part, whole, "the step " + step + " is larger than the field's range " + total);
    }
    if (first < acc.min) {
      throw error(label, part, whole, firstText + " is below the minimum " + acc.min);
    }
    if (last != null && last > acc.max) {
      throw error(label, part, whole, lastText + " is above the maximum " + acc.max);
    }
    // As 3.x: the range of 'a-b/c' is b - a, where a last value of 0 counts as the maximum
    int end = (last == null || last == 0) ? acc.max : last;
    if (step != null && step > end - first) {
      throw error(
          label,
          part,
          whole,
          "the step "
              + step
              + " is larger than the range of the expression ("
              + (end - first)
              + ")");
    }
    acc.add(first, last == null ? acc.max : last, step == null ? 1 : step);
    String text;
    if (names != null) {
      int base = names == MONTHS ? 1 : 0;
      text = last != first ? names[first - base] + "-" + names[last - base] : names[first - base];
    } else {
      text = last != null && last != first ? first + "-" + last : Integer.toString(first);
      if (step != null) {
        text = text + "/" + step;
      }
    }
    return text;
  }

  private static int name(
      String[] names,
      String text,
      int base,
      String label,
      String part,
      String whole,
      String kind,
      String list) {
    int index = indexOf(names, text);
    if (index < 0) {
      throw error(
          label, part, whole, "unknown " + kind + " name '" + text + "'; accepted: " + list);
    }
    return index + base;
  }

  private static int indexOf(String[] names, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(lower)) {
        return i;
      }
    }
    return -1;
  }

  private static int number(String digits) {
    String stripped = digits.replaceFirst("^0+(?=\\d)", "");
    return stripped.length() > 9 ? HUGE : Integer.parseInt(stripped);
  }

  private static String accepted(CronField field, boolean cronDow) {
    if (cronDow) {
      return "'*', '*/step', 'a', 'a-b', 'a-b/step', 'a/step' and comma lists, values 0..7"
          + " (0 and 7 = Sunday), or weekday names sun..sat ('mon', 'mon-fri')";
    }
    return field.accepted();
  }

  private static IllegalArgumentException error(
      String label, String part, String whole, String reason) {
    String where = whole == null ? "'" + part + "'" : "'" + part + "' in '" + whole + "'";
    return new IllegalArgumentException(label + ": " + where + ": " + reason);
  }
}
