package dev.apscheduler.spring.boot.actuate;

import dev.apscheduler.JobNotFoundException;
import dev.apscheduler.Scheduler;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code scheduler} actuator endpoint: the scheduler's state, stores, thread pool and jobs; one
 * job's details with the outcome of its last run and its most recent runs; pages of a job's run
 * history ({@code /{id}/runs}); pausing, resuming, running and removing a job. The listing counts
 * jobs with each store's {@code countJobs()} and shows one page of them ({@code offset}, {@code
 * limit}). Job arguments and exception text are masked unless {@code
 * management.endpoint.scheduler.show-values} allows them, and then pass through the application's
 * {@code SanitizingFunction}s; stack traces of runs are only in the history pages, and only shown
 * values.
 *
 * <p>Thread-safe.
 */
@Endpoint(id = "scheduler")
public class SchedulerEndpoint {

  /** The path segment of the run history below a job: {@code /actuator/scheduler/{id}/runs}. */
  public static final String RUNS = "runs";

  private final Scheduler scheduler;
  private final SchedulerJobStatistics statistics;
  private final Show showValues;
  private final Sanitizer sanitizer;

  /**
   * Creates the endpoint.
   *
   * @param sanitizingFunctions the application's functions that sanitize shown values
   */
  public SchedulerEndpoint(
      Scheduler scheduler,
      SchedulerJobStatistics statistics,
      Show showValues,
      Iterable<SanitizingFunction> sanitizingFunctions) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.statistics = Objects.requireNonNull(statistics, "statistics");
    this.showValues = Objects.requireNonNull(showValues, "showValues");
    this.sanitizer = new Sanitizer(sanitizingFunctions);
  }

  /**
   * The scheduler's state, stores, thread pool, job count and one page of its jobs.
   *
   * @param offset jobs to skip (none by default)
   * @param limit the page size ({@value SchedulerDescriptor#DEFAULT_LIMIT} by default, at most
   *     {@value SchedulerDescriptor#MAX_LIMIT})
   */
  @ReadOperation
  public SchedulerDescriptor scheduler(@Nullable Integer offset, @Nullable Integer limit) {
    return SchedulerDescriptor.of(scheduler, offset, limit);
  }

  /** One job, with its values shown as {@code show-values} says for non-web access. */
  @ReadOperation
  public JobDescriptor job(@Selector String id) {
    return job(id, showValues.isShown(true));
  }

  /**
   * One job with its recent runs, with or without its argument values and exception messages.
   *
   * @return the job, or {@code null} if there is none with this id
   */
  public JobDescriptor job(String id, boolean showUnmasked) {
    return scheduler
        .getJob(id)
        .map(
            job ->
                JobDescriptor.of(
                    job,
                    statistics.get(id).orElse(null),
                    scheduler.runningInstances(id),
                    scheduler.getRunHistory(id, JobDescriptor.RECENT_RUNS),
                    showUnmasked,
                    sanitizer))
        .orElse(null);
  }

  /**
   * One page of a job's run history, with values shown as {@code show-values} says for non-web
   * access: {@code /actuator/scheduler/{id}/runs}.
   *
   * @param part {@code runs}; another path is no operation
   * @param limit the page size ({@value JobRunsDescriptor#DEFAULT_LIMIT} by default, at most
   *     {@value JobRunsDescriptor#MAX_LIMIT})
   * @param before only runs that ended before this ISO-8601 instant: the previous page's {@code
   *     nextBefore}
   * @param since only runs that ended at or after this ISO-8601 instant
   * @param outcome only runs of these outcomes, separated by commas ({@code ERROR,LOST})
   * @return the page, or {@code null} if {@code part} is not {@code runs}, or there is no such job
   *     and no history of one
   * @throws IllegalArgumentException for a parameter that cannot be read
   */
  @ReadOperation
  public JobRunsDescriptor runs(
      @Selector String id,
      @Selector String part,
      @Nullable String limit,
      @Nullable String before,
      @Nullable String since,
      @Nullable String outcome) {
    return runs(id, part, limit, before, since, outcome, showValues.isShown(true));
  }

  /**
   * One page of a job's run history, with or without exception messages and stack traces.
   *
   * @see #runs(String, String, String, String, String, String)
   */
  public JobRunsDescriptor runs(
      String id,
      String part,
      @Nullable String limit,
      @Nullable String before,
      @Nullable String since,
      @Nullable String outcome,
      boolean showUnmasked) {
    if (!RUNS.equals(part)) {
      return null;
    }
    return JobRunsDescriptor.read(
        scheduler,
        id,
        limit,
        before,
        since,
        outcome,
        record -> RunDescriptor.of(record, showUnmasked, true, sanitizer));
  }

  /**
   * Pauses, resumes or runs a job now.
   *
   * @param action {@code pause}, {@code resume} or {@code run}; optional for the endpoint
   *     infrastructure, so that a missing action is reported with the allowed ones
   * @return the outcome, or {@code null} if there is no job with this id
   * @throws IllegalArgumentException for a missing or another action
   */
  @WriteOperation
  public JobActionResult action(@Selector String id, @Nullable String action) {
    return action(id, action, showValues.isShown(true));
  }

  /**
   * Pauses, resumes or runs a job now, describing it afterwards with or without argument values.
   *
   * @return the outcome, or {@code null} if there is no job with this id
   * @throws IllegalArgumentException for a missing action or one other than pause, resume or run
   * @throws IllegalStateException for {@code run} while the scheduler is not running
   */
  public JobActionResult action(String id, @Nullable String action, boolean showUnmasked) {
    Action parsed = Action.parse(action);
    try {
      boolean started = true;
      switch (parsed) {
        case PAUSE -> scheduler.pauseJob(id);
        case RESUME -> scheduler.resumeJob(id);
        case RUN -> started = scheduler.runJobNow(id);
      }
      return new JobActionResult(
          id, parsed.name().toLowerCase(Locale.ROOT), started, job(id, showUnmasked));
    } catch (JobNotFoundException e) {
      return null;
    }
  }

  /**
   * Removes a job.
   *
   * @return whether there was such a job
   */
  @DeleteOperation
  public boolean remove(@Selector String id) {
    try {
      scheduler.removeJob(id);
      return true;
    } catch (JobNotFoundException e) {
      return false;
    }
  }

  /** The actions of {@link #action}. */
  enum Action {
    PAUSE,
    RESUME,
    RUN;

    private static final String EXPECTED = "; expected pause, resume or run";

    static Action parse(@Nullable String action) {
      if (action == null || action.isBlank()) {
        throw new IllegalArgumentException("action: missing" + EXPECTED);
      }
      for (Action candidate : values()) {
        if (candidate.name().equalsIgnoreCase(action.trim())) {
          return candidate;
        }
      }
      throw new IllegalArgumentException("action: '" + action + "' is not valid" + EXPECTED);
    }
  }
}
