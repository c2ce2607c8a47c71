package dev.apscheduler.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How an annotated job's failed run is tried again ({@link dev.apscheduler.RetryPolicy}), given as
 * the {@code retry} attribute of {@link CronSchedule}, {@link IntervalSchedule} or {@link
 * DateSchedule}: {@code retry = @Retry(maxAttempts = 3, delay = "10s", multiplier = 2)}. With
 * {@code maxAttempts} left at 0 the job takes the scheduler's default ({@code
 * apscheduler.retry.*}). Durations may hold {@code ${...}} placeholders.
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Retry {

  /**
   * Attempts per fire time in all, the first run included: 1 for no retry; 0 (the default) for the
   * scheduler's default retry.
   */
  int maxAttempts() default 0;

  /** The delay before the second attempt, such as {@code 10s} (a bare number is seconds). */
  String delay() default "1s";

  /** How much each further delay grows, 1 or more (1: a fixed delay). */
  double multiplier() default 1;

  /** The longest delay; empty for the longest the attempts reach. */
  String maxDelay() default "";

  /** The part of each delay that is random, from 0 to 1. */
  double jitter() default 0;

  /** The exceptions that are retried (with their subclasses); every exception when empty. */
  Class<? extends Exception>[] retryOn() default {};
}
