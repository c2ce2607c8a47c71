package dev.apscheduler;

/**
 * Thrown when a job store cannot do what was asked: the database is unreachable, a stored document
 * cannot be read, a job cannot be encoded for a persistent store.
 *
 * <p>Immutable once thrown, so safe to share between threads.
 */
public class JobStoreException extends SchedulerException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message. */
  public JobStoreException(String message) {
    super(message);
  }

  /** Creates an exception with a message and a cause. */
  public JobStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
