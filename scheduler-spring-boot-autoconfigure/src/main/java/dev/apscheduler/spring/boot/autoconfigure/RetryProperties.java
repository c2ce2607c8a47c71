package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The scheduler's default retry under {@code apscheduler.retry}: how a failed run of a job that
 * sets no retry of its own is tried again ({@link RetryPolicy}). Off by default ({@code
 * max-attempts: 1}).
 *
 * <p>Not thread-safe: bound once at start-up.
 */
public class RetryProperties {

  /** Attempts per fire time in all, the first run included; 1 for no retry. */
  private int maxAttempts = 1;

  /** The delay before the second attempt. */
  private Duration initialDelay = Duration.ofSeconds(1);

  /** How much each further delay grows, 1 or more (1: a fixed delay). */
  private double multiplier = 1;

  /** The longest delay; unset for the longest the attempts reach. */
  private Duration maxDelay;

  /** The part of each delay that is random, from 0 to 1. */
  private double jitter;

  /** The exceptions that are retried (with their subclasses); every exception when empty. */
  private List<Class<? extends Exception>> retryOn = new ArrayList<>();

  /**
   * The policy these properties describe.
   *
   * @throws InvalidSchedulerPropertyException naming the property that is out of range
   */
  @SuppressWarnings("unchecked")
  RetryPolicy toPolicy() {
    RetryPolicy policy;
    try {
      policy = RetryPolicy.of(maxAttempts, initialDelay, multiplier, maxDelay, jitter);
    } catch (IllegalArgumentException | NullPointerException e) {
      String option = option(String.valueOf(e.getMessage()));
      Object value =
          switch (option) {
            case "max-attempts" -> maxAttempts;
            case "initial-delay" -> initialDelay;
            case "multiplier" -> multiplier;
            case "max-delay" -> maxDelay;
            default -> jitter;
          };
      throw new InvalidSchedulerPropertyException(
          "apscheduler.retry." + option, value, expected(String.valueOf(e.getMessage())));
    }
    return retryOn.isEmpty() ? policy : policy.retryingOn(retryOn.toArray(new Class[0]));
  }

  /** The option a {@link RetryPolicy} message names ({@code retry max_attempts: ...}). */
  private static String option(String message) {
    for (String option :
        List.of("max_attempts", "initial_delay", "multiplier", "max_delay", "jitter")) {
      if (message.startsWith("retry " + option)) {
        return option.replace('_', '-');
      }
    }
    return "jitter";
  }

  /** What a {@link RetryPolicy} message says is expected ({@code ...: must be X, got Y}). */
  private static String expected(String message) {
    int start = message.indexOf(": ");
    int end = message.lastIndexOf(", got ");
    return start < 0 ? message : message.substring(start + 2, end > start ? end : message.length());
  }

  public int getMaxAttempts() {
    return maxAttempts;
  }

  public void setMaxAttempts(int maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  public Duration getInitialDelay() {
    return initialDelay;
  }

  public void setInitialDelay(Duration initialDelay) {
    this.initialDelay = initialDelay;
  }

  public double getMultiplier() {
    return multiplier;
  }

  public void setMultiplier(double multiplier) {
    this.multiplier = multiplier;
  }

  public Duration getMaxDelay() {
    return maxDelay;
  }

  public void setMaxDelay(Duration maxDelay) {
    this.maxDelay = maxDelay;
  }

  public double getJitter() {
    return jitter;
  }

  public void setJitter(double jitter) {
    this.jitter = jitter;
  }

  public List<Class<? extends Exception>> getRetryOn() {
    return retryOn;
  }

  public void setRetryOn(List<Class<? extends Exception>> retryOn) {
    this.retryOn = retryOn;
  }
}
