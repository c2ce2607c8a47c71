package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.history.RunRetention;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.convert.DurationUnit;

/**
 * The run history under {@code apscheduler.history}: whether each run leaves a record in its job's
 * store, and how long records are kept (defaults taken from {@link RunRetention}).
 *
 * <p>Not thread-safe: bound once at start-up, then only read.
 */
public class RunHistoryProperties {

  /** Whether each run leaves a record (fire time, node, start, end, outcome) in its job's store. */
  private boolean enabled = true;

  /** How long a run's record is kept after the run ended (a bare number is seconds). */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration maxAge = RunRetention.DEFAULT_MAX_AGE;

  /** How many records of one job are kept at most; older ones are purged first. */
  private int maxRunsPerJob = RunRetention.DEFAULT_MAX_RUNS_PER_JOB;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Duration getMaxAge() {
    return maxAge;
  }

  public void setMaxAge(Duration maxAge) {
    this.maxAge = maxAge;
  }

  public int getMaxRunsPerJob() {
    return maxRunsPerJob;
  }

  public void setMaxRunsPerJob(int maxRunsPerJob) {
    this.maxRunsPerJob = maxRunsPerJob;
  }
}
