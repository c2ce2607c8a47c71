package dev.apscheduler;

/**
 * The work a job does. A lambda is fine for the memory store; persistent stores need a task they
 * can find again after a restart (see {@link TaskRegistry}).
 *
 * <p>Implementations are called from worker threads, possibly several at once when a job's {@code
 * maxInstances} is above one, and must be thread-safe in that case.
 */
@FunctionalInterface
public interface JobFunction {

  /** Runs the job once. An exception is reported as a {@code JOB_ERROR} event. */
  void run(JobContext context) throws Exception;

  /**
   * Runs the job once and returns its result, reported with the {@code JOB_EXECUTED} event. The
   * default runs {@link #run} and returns {@code null}; tasks that produce a value override it.
   */
  default Object call(JobContext context) throws Exception {
    run(context);
    return null;
  }
}
