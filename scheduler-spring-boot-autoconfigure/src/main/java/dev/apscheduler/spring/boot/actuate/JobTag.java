package dev.apscheduler.spring.boot.actuate;

import dev.apscheduler.Job;

/**
 * What the {@code job} tag of the scheduler's meters holds ({@code apscheduler.metrics.job-tag}).
 * {@link #NAME} and {@link #TASK} keep the number of meters bounded however many jobs come and go;
 * {@link #ID} makes one set of meters per job and suits only a fixed set of jobs with stable ids.
 *
 * <p>Immutable and thread-safe.
 */
public enum JobTag {
  /** The job's name (its task reference when no name was given). The default. */
  NAME,
  /** The job's task reference, such as {@code reports::nightly}. */
  TASK,
  /** The job's id: one set of meters per job. */
  ID;

  /** The tag value of {@code job}. */
  public String of(Job job) {
    return switch (this) {
      case NAME -> job.name();
      case TASK -> job.task().reference();
      case ID -> job.id();
    };
  }
}
