package dev.apscheduler.internal;

import dev.apscheduler.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's default retry from configuration keys ({@code apscheduler.retry.max_attempts},
 * {@code initial_delay}, {@code multiplier}, {@code max_delay}, {@code jitter}), as {@code
 * Scheduler.fromProperties} reads them.
 *
 * <p>Stateless and thread-safe.
 */
public final class RetryOptions {

  /** The options under {@code retry.}. */
  public static final List<String> KEYS =
      List.of("max_attempts", "initial_delay", "multiplier", "max_delay", "jitter");

  private RetryOptions() {}

  /**
   * The policy {@code options} (keys without the prefix) describe; unset options take the defaults
   * of {@code apscheduler.retry.*}: 1 attempt, 1 s, multiplier 1, the longest delay the attempts
   * reach, no jitter.
   *
   * @param prefix the keys' prefix, for errors ({@code apscheduler.retry})
   * @throws IllegalArgumentException naming the key, the value and what it accepts
   */
  public static RetryPolicy fromOptions(String prefix, Map<String, ?> options) {
    for (String key : options.keySet()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            prefix + "." + key + ": unknown option; accepted keys are " + prefix + "." + KEYS);
      }
    }
    int maxAttempts =
        ConfigValues.integer(prefix + ".max_attempts", or(options, "max_attempts", 1), 1);
    Duration initialDelay =
        ConfigValues.duration(prefix + ".initial_delay", or(options, "initial_delay", "1s"));
    double multiplier =
        ConfigValues.number(
            prefix + ".multiplier", or(options, "multiplier", 1), 1, Double.MAX_VALUE);
    Object maxDelay = options.get("max_delay");
    double jitter = ConfigValues.number(prefix + ".jitter", or(options, "jitter", 0), 0, 1);
    try {
      return RetryPolicy.of(
          maxAttempts,
          initialDelay,
          multiplier,
          maxDelay == null ? null : ConfigValues.duration(prefix + ".max_delay", maxDelay),
          jitter);
    } catch (IllegalArgumentException e) {
      throw ConfigValues.bad(
          prefix + ".max_delay", maxDelay, "a duration of at least initial_delay");
    }
  }

  private static Object or(Map<String, ?> options, String key, Object fallback) {
    Object value = options.get(key);
    return value == null ? fallback : value;
  }
}
