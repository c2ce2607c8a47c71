package dev.apscheduler.history;

import java.time.Duration;
import java.util.Objects;

/**
 * How long run history is kept: records older than {@code maxAge} go, and of each job only the
 * newest {@code maxRunsPerJob} are kept.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxAge how long a record is kept after its run ended
 * @param maxRunsPerJob how many records of one job are kept at most
 */
public record RunRetention(Duration maxAge, int maxRunsPerJob) {

  /** Default age limit: 7 days. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

  /** Default count limit per job: 100 runs. */
  public static final int DEFAULT_MAX_RUNS_PER_JOB = 100;

  /** Validates the limits. */
  public RunRetention {
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("run history max age: must be positive, got " + maxAge);
    }
    if (maxRunsPerJob < 1) {
      throw new IllegalArgumentException(
          "run history max runs per job: must be 1 or more, got " + maxRunsPerJob);
    }
  }

  /** The defaults: 7 days, 100 runs per job. */
  public static RunRetention defaults() {
    return new RunRetention(DEFAULT_MAX_AGE, DEFAULT_MAX_RUNS_PER_JOB);
  }
}
