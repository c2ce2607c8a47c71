package dev.apscheduler.spring.boot.actuate;

import dev.apscheduler.Job;
import io.micrometer.observation.Observation;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * The context of the {@code Observation} around one run of a job: the job, the fire time the run
 * stands for, and whether the run completed. A {@link JobRunObservationConvention} reads it to name
 * the observation and its key values.
 *
 * <p>Not thread-safe: one run's thread fills it; observation handlers read it on that thread.
 */
public class JobRunObservationContext extends Observation.Context {

  private final Job job;
  private final ZonedDateTime scheduledFireTime;
  private volatile boolean complete;

  /** Creates the context of a run of {@code job} for {@code scheduledFireTime}. */
  public JobRunObservationContext(Job job, ZonedDateTime scheduledFireTime) {
    this.job = Objects.requireNonNull(job, "job");
    this.scheduledFireTime = Objects.requireNonNull(scheduledFireTime, "scheduledFireTime");
  }

  /** The job that runs. */
  public Job getJob() {
    return job;
  }

  /** The fire time this run stands for. */
  public ZonedDateTime getScheduledFireTime() {
    return scheduledFireTime;
  }

  /** Whether the run returned normally (false while it runs and when it threw). */
  public boolean isComplete() {
    return complete;
  }

  /** Marks the run as returned normally. */
  public void setComplete(boolean complete) {
    this.complete = complete;
  }
}
