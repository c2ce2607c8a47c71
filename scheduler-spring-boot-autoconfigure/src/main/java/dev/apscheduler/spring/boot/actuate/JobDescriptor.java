package dev.apscheduler.spring.boot.actuate;

import dev.apscheduler.Job;
import dev.apscheduler.SchedulerOptions;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.spring.boot.actuate.SchedulerJobStatistics.JobStatistics;
import dev.apscheduler.spring.boot.actuate.SchedulerJobStatistics.LastRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Sanitizer;

/**
 * One job in detail, as the {@code scheduler} endpoint shows it: its options, its next run, the
 * outcome of its last run, its run counts since the application started, and its most recent runs
 * from the run history its store keeps.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the job's id
 * @param name its name
 * @param task its task reference
 * @param taskProblem why the task cannot be resolved, or {@code null}
 * @param jobStore the alias of its store
 * @param executor the executor that runs it
 * @param trigger its trigger
 * @param triggerType the trigger's type
 * @param nextRunTime its next run time, or {@code null} when paused
 * @param paused whether it is paused
 * @param misfireGraceTime how late a run may start
 * @param coalesce whether a backlog of runs runs once
 * @param maxRuns the most runs, or {@code null} for unlimited
 * @param runs runs started so far
 * @param maxInstances the most runs at the same time
 * @param runningInstances runs running or queued now
 * @param args positional arguments, masked unless shown
 * @param kwargs keyword arguments, values masked unless shown
 * @param lastRun the outcome of its last run since the application started, or {@code null}; its
 *     exception text is masked unless values are shown
 * @param executions runs completed normally since the application started
 * @param errors runs that threw since the application started
 * @param misfires runs missed since the application started
 * @param maxInstanceSkips runs skipped for too many instances since the application started
 * @param recentRuns its newest runs from the run history (at most {@value #RECENT_RUNS}), newest
 *     first, without stack traces; exception messages are masked unless values are shown
 */
public record JobDescriptor(
    String id,
    String name,
    String task,
    String taskProblem,
    String jobStore,
    String executor,
    String trigger,
    String triggerType,
    Instant nextRunTime,
    boolean paused,
    Duration misfireGraceTime,
    boolean coalesce,
    Integer maxRuns,
    int runs,
    int maxInstances,
    int runningInstances,
    List<Object> args,
    Map<String, Object> kwargs,
    LastRun lastRun,
    long executions,
    long errors,
    long misfires,
    long maxInstanceSkips,
    List<RunDescriptor> recentRuns)
    implements OperationResponseBody {

  /** How many runs from the run history the detail shows; the history operation pages on. */
  public static final int RECENT_RUNS = 10;

  /** What masked argument values are shown as. */
  public static final String MASK = SanitizableData.SANITIZED_VALUE;

  private static final JobStatistics NO_RUNS = new JobStatistics(0, 0, 0, 0, null);

  /**
   * Describes {@code job}: argument values and the last run's exception go through {@code
   * sanitizer} (keys {@code args[0]}, ..., each keyword's name, {@code lastRun.exception} and, for
   * the recent runs, {@code runs.exceptionMessage}), so they are masked unless {@code showValues},
   * and then as the application's {@code SanitizingFunction}s say.
   *
   * @param statistics its run statistics, or {@code null} if none of its runs was seen
   * @param runningInstances its runs running or queued now
   * @param recentRuns its newest run records, newest first
   * @param showValues whether values are shown rather than masked
   */
  public static JobDescriptor of(
      Job job,
      JobStatistics statistics,
      int runningInstances,
      List<RunRecord> recentRuns,
      boolean showValues,
      Sanitizer sanitizer) {
    JobStatistics stats = statistics != null ? statistics : NO_RUNS;
    List<Object> args = new ArrayList<>(job.args().size());
    for (int i = 0; i < job.args().size(); i++) {
      args.add(sanitize(sanitizer, "args[" + i + "]", job.args().get(i), showValues));
    }
    Map<String, Object> kwargs = new LinkedHashMap<>();
    job.kwargs()
        .forEach((key, value) -> kwargs.put(key, sanitize(sanitizer, key, value, showValues)));
    LastRun lastRun = stats.lastRun();
    if (lastRun != null && lastRun.exception() != null) {
      Object exception = sanitize(sanitizer, "lastRun.exception", lastRun.exception(), showValues);
      lastRun =
          new LastRun(
              lastRun.outcome(),
              lastRun.scheduledRunTime(),
              lastRun.startTime(),
              lastRun.reportedAt(),
              exception == null ? null : exception.toString());
    }
    return new JobDescriptor(
        job.id(),
        job.name(),
        job.task().reference(),
        job.task().isResolved() ? null : job.task().problem(),
        job.jobStore(),
        job.executor(),
        job.trigger().toString(),
        job.trigger().getClass().getSimpleName(),
        job.nextRunTime(),
        job.paused(),
        job.misfireGraceTime(),
        job.coalesce(),
        job.maxRuns() == SchedulerOptions.UNLIMITED_RUNS ? null : job.maxRuns(),
        job.runs(),
        job.maxInstances(),
        runningInstances,
        args,
        kwargs,
        lastRun,
        stats.executions(),
        stats.errors(),
        stats.misfires(),
        stats.maxInstanceSkips(),
        recentRuns.stream()
            .map(record -> RunDescriptor.of(record, showValues, false, sanitizer))
            .toList());
  }

  /** {@code value} as {@code sanitizer} shows it under {@code key}. */
  static Object sanitize(Sanitizer sanitizer, String key, Object value, boolean show) {
    return sanitizer.sanitize(new SanitizableData(null, key, value), show);
  }
}
