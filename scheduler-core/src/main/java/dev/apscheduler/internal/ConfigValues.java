package dev.apscheduler.internal;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Reads configuration values given as strings or typed values, with errors that name the key, the
 * value and what is accepted.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigValues {

  private ConfigValues() {}

  /** A boolean: {@code true}/{@code false} in any case, or a {@link Boolean}. */
  public static boolean bool(String key, Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw bad(key, value, "true or false");
    };
  }

  /** A whole number of at least {@code min}. */
  public static int integer(String key, Object value, int min) {
    int result;
    if (value instanceof Integer i) {
      result = i;
    } else {
      try {
        result = Integer.parseInt(String.valueOf(value).trim());
      } catch (NumberFormatException e) {
        throw bad(key, value, "a whole number of at least " + min);
      }
    }
    if (result < min) {
      throw bad(key, value, "a whole number of at least " + min);
    }
    return result;
  }

  /** A decimal number from {@code min} to {@code max}. */
  public static double number(String key, Object value, double min, double max) {
    double result;
    try {
      result =
          value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value));
    } catch (NumberFormatException e) {
      throw bad(key, value, "a number from " + min + " to " + max);
    }
    if (!(result >= min && result <= max)) {
      throw bad(key, value, "a number from " + min + " to " + max);
    }
    return result;
  }

  /**
   * A non-negative duration: a number of seconds ({@code 1}, {@code 0.5}, as in the guide), a
   * number with a unit ({@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 2d}), an
   * ISO-8601 duration ({@code PT1S}) or a {@link Duration}.
   */
  public static Duration duration(String key, Object value) {
    Duration result;
    if (value instanceof Duration d) {
      result = d;
    } else if (value instanceof Number n) {
      result = seconds(key, value, new BigDecimal(n.toString()));
    } else {
      String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
      try {
        if (text.startsWith("p") || text.startsWith("-p")) {
          result = Duration.parse(text.toUpperCase(Locale.ROOT));
        } else if (text.endsWith("ms")) {
          result = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).trim()));
        } else if (text.endsWith("s")) {
          result = seconds(key, value, new BigDecimal(text.substring(0, text.length() - 1).trim()));
        } else if (text.endsWith("m")) {
          result = Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1).trim()));
        } else if (text.endsWith("h")) {
          result = Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1).trim()));
        } else if (text.endsWith("d")) {
          result = Duration.ofDays(Long.parseLong(text.substring(0, text.length() - 1).trim()));
        } else {
          result = seconds(key, value, new BigDecimal(text));
        }
      } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
        throw bad(key, value, DURATION_FORMS);
      }
    }
    if (result.isNegative()) {
      throw bad(key, value, "a duration that is not negative");
    }
    return result;
  }

  private static final String DURATION_FORMS =
      "a duration: seconds as a number (1, 0.5), a number with a unit (500ms, 10s, 5m, 1h, 2d) or"
          + " ISO-8601 (PT1S)";

  private static Duration seconds(String key, Object value, BigDecimal seconds) {
    try {
      return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
    } catch (ArithmeticException e) {
      throw bad(key, value, DURATION_FORMS);
    }
  }

  /** A time zone id such as {@code Europe/Berlin} or {@code UTC}, or a {@link ZoneId}. */
  public static ZoneId zone(String key, Object value) {
    if (value instanceof ZoneId z) {
      return z;
    }
    try {
      return ZoneId.of(String.valueOf(value).trim());
    } catch (DateTimeException e) {
      throw bad(key, value, "a time zone id such as Europe/Berlin or UTC");
    }
  }

  /**
   * A list of names: a comma-separated string or a collection of strings; blanks between commas are
   * dropped.
   */
  public static String[] names(String key, Object value) {
    List<String> names = new ArrayList<>();
    if (value instanceof Collection<?> collection) {
      for (Object element : collection) {
        if (!(element instanceof String name)) {
          throw bad(key, value, "a comma-separated list of names, or a collection of strings");
        }
        names.add(name.strip());
      }
    } else if (value instanceof String text) {
      for (String name : text.split(",")) {
        if (!name.isBlank()) {
          names.add(name.strip());
        }
      }
    } else {
      throw bad(key, value, "a comma-separated list of names, or a collection of strings");
    }
    return names.toArray(String[]::new);
  }

  /** The error for a bad value. */
  public static IllegalArgumentException bad(String key, Object value, String expected) {
    return new IllegalArgumentException(
        key + ": '" + value + "' is not valid; expected " + expected);
  }
}
