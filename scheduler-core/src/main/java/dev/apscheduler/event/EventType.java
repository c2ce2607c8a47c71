package dev.apscheduler.event;

/**
 * The kinds of scheduler event; a listener's mask is a set of these.
 *
 * <p>Immutable and thread-safe.
 */
public enum EventType {
  /** The scheduler was started. Event class {@link SchedulerEvent}. */
  SCHEDULER_START,
  /** The scheduler was shut down. Event class {@link SchedulerEvent}. */
  SCHEDULER_SHUTDOWN,
  /** Processing of all jobs was paused. Event class {@link SchedulerEvent}. */
  SCHEDULER_PAUSED,
  /** Processing of all jobs was resumed. Event class {@link SchedulerEvent}. */
  SCHEDULER_RESUMED,
  /** A job store was added. Event class {@link JobStoreEvent}. */
  JOBSTORE_ADDED,
  /** A job store was removed. Event class {@link JobStoreEvent}. */
  JOBSTORE_REMOVED,
  /** A job was added to a job store. Event class {@link JobStoreEvent}. */
  JOBSTORE_JOB_ADDED,
  /** A job was removed from a job store. Event class {@link JobStoreEvent}. */
  JOBSTORE_JOB_REMOVED,
  /** A job was modified, paused, resumed or rescheduled. Event class {@link JobStoreEvent}. */
  JOB_MODIFIED,
  /** A run of a job was handed to the executor. Event class {@link JobEvent}. */
  JOB_SUBMITTED,
  /** A run was not started because the job already had its maximum instances running. */
  JOB_MAX_INSTANCES,
  /** A run completed normally. Event class {@link JobEvent}. */
  JOB_EXECUTED,
  /**
   * A run threw, or the job's task could not be resolved. {@link JobEvent#nextRetryTime()} says
   * when a retry of the same fire time follows, if one does. Event class {@link JobEvent}.
   */
  JOB_ERROR,
  /** A run was later than the misfire grace time and was skipped. Event class {@link JobEvent}. */
  JOB_MISSED,
  /**
   * A run was in flight on another scheduler node sharing the store when that node stopped (crash,
   * kill, lost connection); it is reported, not run again. Event class {@link JobEvent}.
   */
  JOB_LOST,
  /**
   * A job that retries ({@code RetryPolicy.maxAttempts() > 1}) failed a fire time for good: its
   * last attempt failed, or it threw what its policy does not retry (an {@code Error}, or an
   * exception not in {@code retryOn}). Its {@link JobEvent#attempt()} is the last attempt and its
   * {@link JobEvent#exception()} what that attempt threw. Event class {@link JobEvent}.
   */
  JOB_RETRIES_EXHAUSTED
}
