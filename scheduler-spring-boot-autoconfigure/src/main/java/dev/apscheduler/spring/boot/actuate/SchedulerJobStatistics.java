package dev.apscheduler.spring.boot.actuate;

import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.event.JobStoreEvent;
import dev.apscheduler.event.SchedulerEvent;
import dev.apscheduler.event.SchedulerListener;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps, per job, the outcome of its last run and counts of executions, errors, misfires and runs
 * skipped for too many instances, fed by scheduler events; the scheduler endpoint shows them.
 * Counts start when the application starts. A removed job's statistics are dropped.
 *
 * <p>Thread-safe.
 */
public final class SchedulerJobStatistics implements SchedulerListener {

  private final Map<String, Counts> byJob = new ConcurrentHashMap<>();

  @Override
  public void onEvent(SchedulerEvent event) {
    if (event instanceof JobEvent jobEvent) {
      record(jobEvent);
    } else if (event instanceof JobStoreEvent storeEvent
        && storeEvent.type() == EventType.JOBSTORE_JOB_REMOVED) {
      storeEvent.jobId().ifPresent(byJob::remove);
    }
  }

  private void record(JobEvent event) {
    if (event.type() == EventType.JOB_SUBMITTED) {
      return;
    }
    Counts counts = byJob.computeIfAbsent(event.jobId(), id -> new Counts());
    synchronized (counts) {
      switch (event.type()) {
        case JOB_EXECUTED -> counts.executions++;
        case JOB_ERROR -> counts.errors++;
        case JOB_MISSED -> counts.misfires += Math.max(1, event.fireTimeCount());
        case JOB_MAX_INSTANCES -> counts.maxInstanceSkips++;
        default -> {
          return;
        }
      }
      counts.last =
          new LastRun(
              Outcome.of(event.type()),
              event.scheduledRunTime(),
              event.startTime().orElse(null),
              event.timestamp(),
              event.exception().map(Throwable::toString).orElse(null));
    }
  }

  /** The statistics of one job; empty if none of its runs was seen. */
  public Optional<JobStatistics> get(String jobId) {
    Counts counts = byJob.get(jobId);
    if (counts == null) {
      return Optional.empty();
    }
    synchronized (counts) {
      return Optional.of(
          new JobStatistics(
              counts.executions,
              counts.errors,
              counts.misfires,
              counts.maxInstanceSkips,
              counts.last));
    }
  }

  /** The outcome of a run. */
  public enum Outcome {
    /** The run completed normally. */
    SUCCESS,
    /** The run threw, or its task could not be resolved. */
    ERROR,
    /** The run was later than the misfire grace time and was skipped. */
    MISSED,
    /** The run was skipped: the job had its maximum instances running. */
    MAX_INSTANCES;

    static Outcome of(EventType type) {
      return switch (type) {
        case JOB_EXECUTED -> SUCCESS;
        case JOB_ERROR -> ERROR;
        case JOB_MISSED -> MISSED;
        default -> MAX_INSTANCES;
      };
    }
  }

  /**
   * The last run of a job.
   *
   * @param outcome how it ended
   * @param scheduledRunTime the fire time it stood for
   * @param startTime when it started, or {@code null} if it did not
   * @param reportedAt when the outcome was reported
   * @param exception what it threw, or {@code null}
   */
  public record LastRun(
      Outcome outcome,
      ZonedDateTime scheduledRunTime,
      Instant startTime,
      Instant reportedAt,
      String exception) {}

  /**
   * Counts of a job's runs since the application started.
   *
   * @param executions runs that completed normally
   * @param errors runs that threw
   * @param misfires runs missed for being later than the grace time
   * @param maxInstanceSkips runs skipped for too many running instances
   * @param lastRun the last run, or {@code null}
   */
  public record JobStatistics(
      long executions, long errors, long misfires, long maxInstanceSkips, LastRun lastRun) {}

  private static final class Counts {
    long executions;
    long errors;
    long misfires;
    long maxInstanceSkips;
    LastRun last;
  }
}
