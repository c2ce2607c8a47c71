package dev.apscheduler.spring.boot.autoconfigure;

import java.util.Objects;

/**
 * Thrown at start-up when an {@code apscheduler.*} property has a value the scheduler cannot use;
 * {@link SchedulerFailureAnalyzer} turns it into a start-up failure report.
 *
 * <p>Immutable and thread-safe.
 */
public final class InvalidSchedulerPropertyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String property;
  private final transient Object value;
  private final String expected;

  /**
   * Creates the exception.
   *
   * @param property the full property name, such as {@code apscheduler.threadpool.max-threads}
   * @param value the value given, or {@code null} if it is missing
   * @param expected what the property accepts
   */
  public InvalidSchedulerPropertyException(String property, Object value, String expected) {
    this(property, value, expected, null);
  }

  /** Creates the exception with the error that revealed the problem. */
  public InvalidSchedulerPropertyException(
      String property, Object value, String expected, Throwable cause) {
    super(
        property
            + ": "
            + (value == null ? "missing" : "'" + value + "' is not valid")
            + "; expected "
            + expected,
        cause);
    this.property = Objects.requireNonNull(property, "property");
    this.value = value;
    this.expected = Objects.requireNonNull(expected, "expected");
  }

  /** The full property name. */
  public String getProperty() {
    return property;
  }

  /** The value given, or {@code null} if it is missing. */
  public Object getValue() {
    return value;
  }

  /** What the property accepts. */
  public String getExpected() {
    return expected;
  }
}
