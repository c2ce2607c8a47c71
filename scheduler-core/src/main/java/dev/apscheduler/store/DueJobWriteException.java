package dev.apscheduler.store;

import dev.apscheduler.JobStoreException;

/**
 * Thrown by {@link JobStore#processDueJobs} of a store that writes each due job's outcome on its
 * own (no transaction around the batch) when one of those writes fails: the outcomes of the jobs
 * before it were written, the failed job's may or may not have been, and no job after it was
 * decided. The scheduler runs the written jobs' runs, checks the failed job's stored state to learn
 * whether its runs may go ahead, and retries the store later.
 *
 * <p>Immutable once thrown, so safe to share between threads.
 */
public final class DueJobWriteException extends JobStoreException {

  private static final long serialVersionUID = 1L;

  /** How many outcomes of the batch were written before the failed one. */
  private final int written;

  /**
   * Creates the exception.
   *
   * @param written how many outcomes of the batch were written before the failed one
   * @param jobId the job whose outcome could not be written
   * @param cause the failure of the write
   */
  public DueJobWriteException(int written, String jobId, Throwable cause) {
    super("Could not write the new state of due job '" + jobId + "': " + cause, cause);
    this.written = written;
  }

  /** How many outcomes of the batch were written before the failed one. */
  public int written() {
    return written;
  }
}
