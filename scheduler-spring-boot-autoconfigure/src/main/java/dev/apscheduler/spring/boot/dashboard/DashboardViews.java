package dev.apscheduler.spring.boot.dashboard;

import dev.apscheduler.history.RunRecord;
import dev.apscheduler.spring.boot.actuate.SchedulerJobStatistics.LastRun;
import dev.apscheduler.spring.boot.actuate.StoreDescriptor;
import dev.apscheduler.spring.boot.dashboard.DashboardActivity.LastHour;
import dev.apscheduler.spring.boot.dashboard.SchedulePreview.FireTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard's JSON API answers: the overview, a page of jobs, one job, a schedule preview.
 * Each view is an immutable, thread-safe record.
 */
public final class DashboardViews {

  private DashboardViews() {}

  /**
   * The scheduler as a whole.
   *
   * @param state the scheduler's life-cycle state
   * @param timezone its time zone
   * @param now the time of this view
   * @param stores the job stores by alias, with job counts and cluster nodes
   * @param totalJobs jobs in all stores
   * @param threadPool the executor's threads
   * @param runsInFlight runs running or queued now
   * @param lastHour runs, errors and misfires over the last hour
   */
  public record Overview(
      String state,
      String timezone,
      Instant now,
      Map<String, StoreDescriptor> stores,
      int totalJobs,
      ThreadPool threadPool,
      int runsInFlight,
      LastHour lastHour) {}

  /**
   * The executor's threads; -1 where the executor cannot tell.
   *
   * @param activeThreads threads running a job
   * @param poolSize threads alive
   * @param maxThreads the most threads it runs at once
   * @param queuedRuns runs waiting for a thread
   */
  public record ThreadPool(int activeThreads, int poolSize, int maxThreads, int queuedRuns) {}

  /**
   * One page of jobs.
   *
   * @param offset how many matching jobs the page skips
   * @param limit the most jobs the page holds
   * @param total how many jobs match, or {@code null} when a filter is applied (then only as many
   *     jobs are read as the page needs)
   * @param hasMore whether more jobs match after this page
   * @param jobs the page, by store then next run time (paused jobs last)
   */
  public record JobPage(int offset, int limit, Integer total, boolean hasMore, List<JobRow> jobs) {}

  /**
   * A job in the table.
   *
   * @param id the job's id
   * @param name its name
   * @param store the alias of its store
   * @param trigger its trigger in words
   * @param nextRunTime its next run time, or {@code null} when paused
   * @param paused whether it is paused
   * @param lastOutcome how its last run since the application started ended, or {@code null}
   */
  public record JobRow(
      String id,
      String name,
      String store,
      String trigger,
      Instant nextRunTime,
      boolean paused,
      String lastOutcome) {}

  /**
   * One job in detail.
   *
   * @param id the job's id
   * @param name its name
   * @param task its task reference
   * @param taskProblem why the task cannot be resolved, or {@code null}
   * @param store the alias of its store
   * @param executor the executor that runs it
   * @param trigger its trigger in words
   * @param triggerText the trigger's own description
   * @param zone the zone its fire times are shown in
   * @param nextRunTime its next run time, or {@code null} when paused
   * @param paused whether it is paused
   * @param misfireGraceTimeMillis how late a run may start, in milliseconds
   * @param coalesce whether a backlog of runs runs once
   * @param maxRuns the most runs, or {@code null} for unlimited
   * @param runs runs started so far
   * @param maxInstances the most runs at the same time
   * @param runningInstances runs running or queued now
   * @param arguments how many positional arguments it has (values are not shown)
   * @param keywordArguments the names of its keyword arguments (values are not shown)
   * @param lastRun its last run since the application started, or {@code null}
   * @param nextFireTimes its next fire times in {@code zone}; none while paused
   * @param history its recorded runs, newest first (empty while run history is off)
   */
  public record JobDetails(
      String id,
      String name,
      String task,
      String taskProblem,
      String store,
      String executor,
      String trigger,
      String triggerText,
      String zone,
      Instant nextRunTime,
      boolean paused,
      long misfireGraceTimeMillis,
      boolean coalesce,
      Integer maxRuns,
      int runs,
      int maxInstances,
      int runningInstances,
      int arguments,
      List<String> keywordArguments,
      LastRun lastRun,
      List<FireTime> nextFireTimes,
      List<RunRecordView> history) {}

  /**
   * One recorded run.
   *
   * @param fireTime the fire time it stood for
   * @param node the cluster node that ran it, or {@code null}
   * @param start when it started, or {@code null} if it did not
   * @param end when its outcome was known
   * @param outcome how it ended
   * @param attempt which attempt at the fire time it was, from 1
   * @param durationMillis how long it ran, in milliseconds
   * @param exceptionClass what it threw, or {@code null}
   * @param exceptionMessage the exception's message, or {@code null}
   * @param stackTrace the exception's stack trace (cut), or {@code null}
   */
  public record RunRecordView(
      Instant fireTime,
      String node,
      Instant start,
      Instant end,
      String outcome,
      int attempt,
      long durationMillis,
      String exceptionClass,
      String exceptionMessage,
      String stackTrace) {

    static RunRecordView of(RunRecord run) {
      return new RunRecordView(
          run.fireTime(),
          run.node(),
          run.start(),
          run.end(),
          run.outcome().name(),
          run.attempt(),
          run.duration().toMillis(),
          run.exceptionClass(),
          run.exceptionMessage(),
          run.stackTrace());
    }
  }

  /**
   * The fire times of a schedule someone typed, or why it is not a schedule.
   *
   * @param trigger the schedule in words, or {@code null} if it is not valid
   * @param zone the zone of the fire times, or {@code null} if it is not valid
   * @param fireTimes the next fire times; none if it is not valid
   * @param error what is wrong, naming the field, or {@code null}
   */
  public record SchedulePreviewView(
      String trigger, String zone, List<FireTime> fireTimes, String error) {}

  /**
   * What the page needs to know before it calls the API.
   *
   * @param readOnly whether write actions are refused (the page then shows no buttons)
   * @param csrfHeader the header to send the CSRF token in, or {@code null} without Spring Security
   * @param csrfToken the CSRF token for write requests, or {@code null}
   * @param timezone the scheduler's time zone (the default of the schedule box)
   */
  public record Session(boolean readOnly, String csrfHeader, String csrfToken, String timezone) {}

  /**
   * What a write action did.
   *
   * @param id the job's id
   * @param action {@code pause}, {@code resume} or {@code run}
   * @param started for {@code run}, whether a run was started (not when the job had its maximum
   *     instances running); otherwise {@code true}
   */
  public record ActionResult(String id, String action, boolean started) {}
}
