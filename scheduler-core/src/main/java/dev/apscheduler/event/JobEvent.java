package dev.apscheduler.event;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Something that happened to one run of a job: submitted, executed, failed, missed, or skipped for
 * too many running instances.
 *
 * <p>Immutable and thread-safe.
 */
public final class JobEvent extends SchedulerEvent {

  private final String jobId;
  private final String jobStore;
  private final ZonedDateTime scheduledRunTime;
  private final Instant startTime;
  private final Object returnValue;
  private final Throwable exception;
  private final long fireTimeCount;
  private final int attempt;
  private final Instant nextRetryTime;

  /**
   * Creates a job event.
   *
   * @param scheduledRunTime the fire time this run was scheduled for
   * @param startTime when the run started, or {@code null} if it did not start
   * @param returnValue what the task returned, or {@code null}
   * @param exception what the task threw, or {@code null}
   */
  public JobEvent(
      EventType type,
      Instant timestamp,
      String jobId,
      String jobStore,
      ZonedDateTime scheduledRunTime,
      Instant startTime,
      Object returnValue,
      Throwable exception) {
    this(type, timestamp, jobId, jobStore, scheduledRunTime, startTime, returnValue, exception, 1);
  }

  /**
   * Creates a job event that stands for several fire times: a {@code JOB_MISSED} event for a
   * skipped backlog.
   *
   * @param fireTimeCount how many fire times the event stands for, from {@code scheduledRunTime}
   *     on; -1 when not counted
   */
  public JobEvent(
      EventType type,
      Instant timestamp,
      String jobId,
      String jobStore,
      ZonedDateTime scheduledRunTime,
      Instant startTime,
      Object returnValue,
      Throwable exception,
      long fireTimeCount) {
    this(
        type,
        timestamp,
        jobId,
        jobStore,
        scheduledRunTime,
        startTime,
        returnValue,
        exception,
        fireTimeCount,
        1,
        null);
  }

  /**
   * Creates a job event of one attempt at a fire time.
   *
   * @param attempt which attempt at {@code scheduledRunTime} the run is, from 1
   * @param nextRetryTime for {@code JOB_ERROR} and {@code JOB_LOST}, when the retry or rerun that
   *     follows is due, or {@code null} when none follows
   * @throws IllegalArgumentException if {@code attempt} is less than 1
   */
  public JobEvent(
      EventType type,
      Instant timestamp,
      String jobId,
      String jobStore,
      ZonedDateTime scheduledRunTime,
      Instant startTime,
      Object returnValue,
      Throwable exception,
      long fireTimeCount,
      int attempt,
      Instant nextRetryTime) {
    super(type, timestamp);
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt: must be 1 or more, got " + attempt);
    }
    this.attempt = attempt;
    this.nextRetryTime = nextRetryTime;
    this.jobId = jobId;
    this.jobStore = jobStore;
    this.scheduledRunTime = scheduledRunTime;
    this.startTime = startTime;
    this.returnValue = returnValue;
    this.exception = exception;
    this.fireTimeCount = fireTimeCount;
  }

  /** The job's id. */
  public String jobId() {
    return jobId;
  }

  /** The alias of the store holding the job. */
  public String jobStore() {
    return jobStore;
  }

  /** The fire time this run was scheduled for. */
  public ZonedDateTime scheduledRunTime() {
    return scheduledRunTime;
  }

  /** When the run started; empty if it did not start (missed, max instances, submitted). */
  public Optional<Instant> startTime() {
    return Optional.ofNullable(startTime);
  }

  /** What the task returned (method-reference tasks only). */
  public Optional<Object> returnValue() {
    return Optional.ofNullable(returnValue);
  }

  /** What the task threw, for {@code JOB_ERROR}. */
  public Optional<Throwable> exception() {
    return Optional.ofNullable(exception);
  }

  /**
   * How many fire times this event stands for: 1, except for a {@code JOB_MISSED} event reporting a
   * backlog too long to list (after a long pause of the application); then the number of fire times
   * skipped from {@link #scheduledRunTime()} on, or -1 when the trigger cannot count them without
   * listing each (only interval triggers can).
   */
  public long fireTimeCount() {
    return fireTimeCount;
  }

  /** Which attempt at {@link #scheduledRunTime()} the run is: 1, or more for a retry. */
  public int attempt() {
    return attempt;
  }

  /**
   * For {@code JOB_ERROR}: when the retry of the same fire time that follows is due; empty when no
   * retry follows (the job does not retry, the attempts are used up, or the failure is not one its
   * policy retries). For {@code JOB_LOST}: when the rerun of a job with {@code LostRunPolicy.RERUN}
   * is due; empty when the lost run is only reported.
   */
  public Optional<Instant> nextRetryTime() {
    return Optional.ofNullable(nextRetryTime);
  }

  @Override
  public String toString() {
    return "JobEvent["
        + type()
        + " job="
        + jobId
        + " store="
        + jobStore
        + " scheduled="
        + scheduledRunTime
        + (fireTimeCount == 1 ? "" : " fireTimes=" + fireTimeCount)
        + (attempt == 1 ? "" : " attempt=" + attempt)
        + (nextRetryTime == null ? "" : " nextRetry=" + nextRetryTime)
        + (exception == null ? "" : " exception=" + exception)
        + "]";
  }
}
