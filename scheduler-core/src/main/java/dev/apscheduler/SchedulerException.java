package dev.apscheduler;

/**
 * Base class of the scheduler's own exceptions.
 *
 * <p>Thread-safe as any exception is.
 */
public class SchedulerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message. */
  public SchedulerException(String message) {
    super(message);
  }

  /** Creates an exception with a message and a cause. */
  public SchedulerException(String message, Throwable cause) {
    super(message, cause);
  }
}
