package dev.apscheduler.history;

/**
 * How a run of a job ended, as its {@link RunRecord} says. Later kinds (such as retry outcomes) may
 * be added; code that switches over it should have a default branch.
 *
 * <p>Immutable and thread-safe.
 */
public enum RunOutcome {
  /** The task ran and returned normally ({@code JOB_EXECUTED}). */
  SUCCESS,
  /** The task ran and threw ({@code JOB_ERROR}), and no retry of its fire time follows. */
  ERROR,
  /** The run was later than the misfire grace time and did not start ({@code JOB_MISSED}). */
  MISSED,
  /**
   * The run did not start: the job had its maximum instances running ({@code JOB_MAX_INSTANCES}).
   */
  SKIPPED_MAX_INSTANCES,
  /**
   * The run was in flight on a cluster node that stopped ({@code JOB_LOST}); a job that reruns lost
   * runs gets a new attempt of its fire time.
   */
  LOST,
  /**
   * The task ran and threw ({@code JOB_ERROR}), and a retry of the same fire time was scheduled:
   * the next attempt's record follows.
   */
  ERROR_WILL_RETRY
}
