package dev.apscheduler;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * How a job's failed run is tried again: a retry is a new attempt at the same scheduled fire time,
 * after a delay that grows from {@code initialDelay} by {@code multiplier} per attempt up to {@code
 * maxDelay}, less a random part of up to {@code jitter} of it. Only an {@link Exception} is retried
 * (one of {@code retryOn}, or any when that is empty); an {@link Error} never is.
 *
 * <p>The delay before attempt {@code n + 1}, after attempt {@code n} failed, is {@code
 * min(maxDelay, initialDelay * multiplier^(n-1))}, then multiplied by {@code 1 - jitter * r} for a
 * random {@code r} in {@code [0, 1)}: jitter spreads retries of many jobs that failed together and
 * never makes a delay longer than {@code maxDelay}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxAttempts how many attempts a fire time gets in all, the first run included (1: no
 *     retry)
 * @param initialDelay the delay before the second attempt
 * @param multiplier how much each further delay grows, 1 or more (1: a fixed delay)
 * @param maxDelay the longest delay
 * @param jitter the part of each delay that is random, from 0 (none) to 1
 * @param retryOn the names of the exception classes that are retried (a thrown exception matches
 *     its own class and its superclasses); every {@link Exception} when empty
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialDelay,
    double multiplier,
    Duration maxDelay,
    double jitter,
    Set<String> retryOn) {

  /** No retry: one attempt per fire time (the default). */
  public static final RetryPolicy NONE =
      new RetryPolicy(1, Duration.ZERO, 1, Duration.ZERO, 0, Set.of());

  /**
   * Validates the policy.
   *
   * @throws IllegalArgumentException naming the option that is out of range and its limit
   */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "retry max_attempts: must be 1 or more (1 means no retry), got " + maxAttempts);
    }
    Objects.requireNonNull(initialDelay, "retry initial_delay");
    Objects.requireNonNull(maxDelay, "retry max_delay");
    if (initialDelay.isNegative()) {
      throw new IllegalArgumentException(
          "retry initial_delay: must not be negative, got " + initialDelay);
    }
    if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException(
          "retry multiplier: must be a finite number of 1 or more (1 for a fixed delay), got "
              + multiplier);
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException(
          "retry max_delay: must be at least initial_delay ("
              + initialDelay
              + "), got "
              + maxDelay);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("retry jitter: must be from 0 to 1, got " + jitter);
    }
    retryOn = retryOn == null ? Set.of() : Set.copyOf(new LinkedHashSet<>(retryOn));
  }

  /** {@code maxAttempts} attempts in all, {@code delay} apart. */
  public static RetryPolicy fixed(int maxAttempts, Duration delay) {
    return new RetryPolicy(maxAttempts, delay, 1, delay, 0, Set.of());
  }

  /**
   * {@code maxAttempts} attempts in all, the delay growing from {@code initialDelay} by {@code
   * multiplier} up to {@code maxDelay}.
   */
  public static RetryPolicy exponential(
      int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay) {
    return new RetryPolicy(maxAttempts, initialDelay, multiplier, maxDelay, 0, Set.of());
  }

  /**
   * {@code maxAttempts} attempts in all, the delay growing from {@code initialDelay} by {@code
   * multiplier}, capped at {@code maxDelay} or, when that is {@code null}, at the longest delay the
   * attempts reach; {@code jitter} (0 to 1) of each delay random; {@link #NONE} for one attempt.
   * For configuration that may leave the cap unset (properties, annotations).
   *
   * @throws IllegalArgumentException naming the option that is out of range
   */
  public static RetryPolicy of(
      int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay, double jitter) {
    if (maxAttempts == 1) {
      return NONE;
    }
    Duration cap = maxDelay;
    if (cap == null && initialDelay != null && multiplier >= 1) {
      double longest = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, maxAttempts - 2));
      cap = Duration.ofMillis((long) Math.min(longest, Long.MAX_VALUE));
    }
    return new RetryPolicy(maxAttempts, initialDelay, multiplier, cap, jitter, Set.of());
  }

  /** This policy with {@code jitter} (0 to 1) of each delay random. */
  public RetryPolicy withJitter(double jitter) {
    return new RetryPolicy(maxAttempts, initialDelay, multiplier, maxDelay, jitter, retryOn);
  }

  /**
   * This policy retrying only these exceptions and their subclasses.
   *
   * @throws IllegalArgumentException if none is given
   */
  @SafeVarargs
  public final RetryPolicy retryingOn(Class<? extends Exception>... types) {
    if (types.length == 0) {
      throw new IllegalArgumentException(
          "retry retry_on: name at least one exception class, or leave it unset to retry any");
    }
    Set<String> names = new LinkedHashSet<>();
    Arrays.stream(types).map(Class::getName).forEach(names::add);
    return new RetryPolicy(maxAttempts, initialDelay, multiplier, maxDelay, jitter, names);
  }

  /** Whether a failed attempt {@code attempt} that threw {@code failure} gets another attempt. */
  public boolean retries(Throwable failure, int attempt) {
    return attempt < maxAttempts && failure instanceof Exception && matches(failure.getClass());
  }

  private boolean matches(Class<?> type) {
    if (retryOn.isEmpty()) {
      return true;
    }
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (retryOn.contains(c.getName())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The delay after failed attempt {@code attempt} (from 1), with {@code random} (in {@code [0,
   * 1)}) picking the jitter.
   */
  public Duration delayAfter(int attempt, double random) {
    double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    millis = Math.min(millis, maxDelay.toMillis());
    millis *= 1 - jitter * random;
    return Duration.ofMillis((long) millis);
  }

  /** Whether this policy ever retries. */
  public boolean isEnabled() {
    return maxAttempts > 1;
  }
}
