package dev.apscheduler;

/**
 * Thrown when a job is added with an id that is already taken and {@code replaceExisting} is not
 * set.
 *
 * <p>Immutable once thrown, so safe to share between threads.
 */
public final class ConflictingIdException extends SchedulerException {

  private static final long serialVersionUID = 1L;

  private final String jobId;

  /** Creates the exception for {@code jobId}. */
  public ConflictingIdException(String jobId) {
    super(
        "A job with id '"
            + jobId
            + "' already exists; use another id, or JobSpec.replaceExisting(true) to replace it");
    this.jobId = jobId;
  }

  /** The id that is taken. */
  public String jobId() {
    return jobId;
  }
}
