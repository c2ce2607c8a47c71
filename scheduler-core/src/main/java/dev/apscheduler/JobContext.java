package dev.apscheduler;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a running job knows about its run: the job as it was scheduled, and the fire time this run
 * stands for.
 *
 * <p>Immutable and thread-safe.
 *
 * @param job the job being run, as it was when the run was submitted
 * @param scheduledFireTime the fire time this run was scheduled for
 */
public record JobContext(Job job, ZonedDateTime scheduledFireTime) {

  /** Creates a context. */
  public JobContext {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(scheduledFireTime, "scheduledFireTime");
  }

  /** The job's positional arguments. */
  public List<Object> args() {
    return job.args();
  }

  /** The job's keyword arguments. */
  public Map<String, Object> kwargs() {
    return job.kwargs();
  }
}
