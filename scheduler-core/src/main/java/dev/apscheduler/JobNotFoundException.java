package dev.apscheduler;

/**
 * Thrown when no job has the given id (in the given store).
 *
 * <p>Immutable once thrown, so safe to share between threads.
 */
public final class JobNotFoundException extends SchedulerException {

  private static final long serialVersionUID = 1L;

  private final String jobId;

  /** Creates the exception for {@code jobId}. */
  public JobNotFoundException(String jobId) {
    super("No job with id '" + jobId + "'");
    this.jobId = jobId;
  }

  /** The id that was not found. */
  public String jobId() {
    return jobId;
  }
}
