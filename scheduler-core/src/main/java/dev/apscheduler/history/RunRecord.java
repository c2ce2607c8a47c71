package dev.apscheduler.history;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one run of a job left behind: which fire time it stood for, where and when it ran, how it
 * ended, and what it threw. Kept in the job's own store ({@link RunHistoryStore}) and read with
 * {@code Scheduler.getRunHistory}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param jobId the job's id
 * @param fireTime the scheduled fire time the run stood for
 * @param node the cluster node that ran it (JDBC cluster mode), or {@code null}
 * @param start when the run started, or {@code null} if it never started (missed, skipped)
 * @param end when the outcome was known
 * @param outcome how the run ended
 * @param attempt which attempt at this fire time the run was, from 1
 * @param exceptionClass the class name of what the task threw, or {@code null}
 * @param exceptionMessage its message (at most {@value #MAX_MESSAGE_CHARS} characters), or {@code
 *     null}
 * @param stackTrace its stack trace, cut to at most {@value #MAX_STACK_TRACE_CHARS} characters, or
 *     {@code null}
 */
public record RunRecord(
    String jobId,
    Instant fireTime,
    String node,
    Instant start,
    Instant end,
    RunOutcome outcome,
    int attempt,
    String exceptionClass,
    String exceptionMessage,
    String stackTrace) {

  /** The most characters of a stack trace a record keeps. */
  public static final int MAX_STACK_TRACE_CHARS = 4096;

  /** The most characters of an exception message a record keeps. */
  public static final int MAX_MESSAGE_CHARS = 2000;

  /** Validates the record and cuts the message and stack trace to their bounds. */
  public RunRecord {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(fireTime, "fireTime");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(outcome, "outcome");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt: must be 1 or more, got " + attempt);
    }
    exceptionMessage = cut(exceptionMessage, MAX_MESSAGE_CHARS);
    stackTrace = cut(stackTrace, MAX_STACK_TRACE_CHARS);
  }

  /**
   * A first-attempt record of a run on no particular node, with what {@code exception} (may be
   * {@code null}) says.
   */
  public static RunRecord of(
      String jobId,
      Instant fireTime,
      Instant start,
      Instant end,
      RunOutcome outcome,
      Throwable exception) {
    if (exception == null) {
      return new RunRecord(jobId, fireTime, null, start, end, outcome, 1, null, null, null);
    }
    StringWriter trace = new StringWriter();
    exception.printStackTrace(new PrintWriter(trace));
    return new RunRecord(
        jobId,
        fireTime,
        null,
        start,
        end,
        outcome,
        1,
        exception.getClass().getName(),
        exception.getMessage(),
        trace.toString());
  }

  /** How long the run took; zero if it never started. */
  public Duration duration() {
    return start == null ? Duration.ZERO : Duration.between(start, end);
  }

  /** This record as attempt {@code attempt} (from 1) at its fire time. */
  public RunRecord withAttempt(int attempt) {
    return new RunRecord(
        jobId,
        fireTime,
        node,
        start,
        end,
        outcome,
        attempt,
        exceptionClass,
        exceptionMessage,
        stackTrace);
  }

  /** This record as run on {@code node}. */
  public RunRecord withNode(String node) {
    return new RunRecord(
        jobId,
        fireTime,
        node,
        start,
        end,
        outcome,
        attempt,
        exceptionClass,
        exceptionMessage,
        stackTrace);
  }

  private static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}
