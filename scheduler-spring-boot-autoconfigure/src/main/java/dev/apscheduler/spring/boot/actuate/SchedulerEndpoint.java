package dev.apscheduler.spring.boot.actuate;

import dev.apscheduler.Job;
import dev.apscheduler.JobNotFoundException;
import dev.apscheduler.Scheduler;
import dev.apscheduler.SchedulerOptions;
import dev.apscheduler.executor.JobExecutor;
import dev.apscheduler.spring.boot.actuate.SchedulerJobStatistics.JobStatistics;
import dev.apscheduler.spring.boot.actuate.SchedulerJobStatistics.LastRun;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code scheduler} actuator endpoint: the scheduler's state, stores, thread pool and jobs; one
 * job's details with the outcome of its last run; pausing, resuming, running and removing a job.
 * Job arguments are masked unless {@code management.endpoint.scheduler.show-values} allows them.
 *
 * <p>Thread-safe.
 */
@Endpoint(id = "scheduler")
public class SchedulerEndpoint {

  /** What masked argument values are shown as. */
  public static final String MASK = "******";

  private final Scheduler scheduler;
  private final SchedulerJobStatistics statistics;
  private final Show showValues;

  /** Creates the endpoint. */
  public SchedulerEndpoint(
      Scheduler scheduler, SchedulerJobStatistics statistics, Show showValues) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.statistics = Objects.requireNonNull(statistics, "statistics");
    this.showValues = Objects.requireNonNull(showValues, "showValues");
  }

  /** The scheduler's state, stores, thread pool and jobs. */
  @ReadOperation
  public SchedulerDescriptor scheduler() {
    Map<String, StoreDescriptor> stores = new LinkedHashMap<>();
    scheduler.jobStores().forEach((alias, store) -> stores.put(alias, describe(store)));
    JobExecutor executor = scheduler.executor();
    List<JobSummary> jobs = new ArrayList<>();
    for (Job job : scheduler.getJobs()) {
      jobs.add(
          new JobSummary(
              job.id(),
              job.name(),
              job.jobStore(),
              job.trigger().toString(),
              job.nextRunTime(),
              job.paused()));
    }
    return new SchedulerDescriptor(
        scheduler.state().name(),
        scheduler.options().timezone().getId(),
        stores,
        new ThreadPoolDescriptor(
            executor.activeThreads(),
            executor.poolSize(),
            executor.maxThreads(),
            executor.queuedRuns()),
        jobs);
  }

  /** One job, with its argument values shown as {@code show-values} says for non-web access. */
  @ReadOperation
  public JobDescriptor job(@Selector String id) {
    return job(id, showValues.isShown(true));
  }

  /**
   * One job, with or without its argument values.
   *
   * @return the job, or {@code null} if there is none with this id
   */
  public JobDescriptor job(String id, boolean showUnmasked) {
    return scheduler.getJob(id).map(job -> describe(job, showUnmasked)).orElse(null);
  }

  /**
   * Pauses, resumes or runs a job now.
   *
   * @param action {@code pause}, {@code resume} or {@code run}
   * @return the outcome, or {@code null} if there is no job with this id
   * @throws IllegalArgumentException for another action
   */
  @WriteOperation
  public JobActionResult action(@Selector String id, String action) {
    return action(id, action, showValues.isShown(true));
  }

  /**
   * Pauses, resumes or runs a job now, describing it afterwards with or without argument values.
   *
   * @return the outcome, or {@code null} if there is no job with this id
   * @throws IllegalArgumentException for an action other than pause, resume or run
   * @throws IllegalStateException for {@code run} while the scheduler is not running
   */
  public JobActionResult action(String id, String action, boolean showUnmasked) {
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

  private static StoreDescriptor describe(JobStore store) {
    try {
      List<Job> jobs = store.getAllJobs();
      return new StoreDescriptor(
          store.getClass().getName(),
          store.isPersistent(),
          jobs.size(),
          store.getNextRunTime().orElse(null),
          cluster(store),
          null);
    } catch (RuntimeException e) {
      return new StoreDescriptor(
          store.getClass().getName(), store.isPersistent(), null, null, null, e.toString());
    }
  }

  /** The cluster a JDBC store in cluster mode belongs to, or {@code null}. */
  static ClusterDescriptor cluster(JobStore store) {
    if (store instanceof JdbcJobStore jdbc && jdbc.nodeId().isPresent()) {
      return new ClusterDescriptor(jdbc.nodeId().get(), jdbc.clusterNodes());
    }
    return null;
  }

  private JobDescriptor describe(Job job, boolean showUnmasked) {
    JobStatistics stats = statistics.get(job.id()).orElse(new JobStatistics(0, 0, 0, 0, null));
    List<Object> args = job.args();
    Map<String, Object> kwargs = job.kwargs();
    if (!showUnmasked) {
      args = Collections.nCopies(args.size(), MASK);
      Map<String, Object> masked = new LinkedHashMap<>();
      kwargs.keySet().forEach(key -> masked.put(key, MASK));
      kwargs = masked;
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
        scheduler.runningInstances(job.id()),
        args,
        kwargs,
        stats.lastRun(),
        stats.executions(),
        stats.errors(),
        stats.misfires(),
        stats.maxInstanceSkips());
  }

  /** The actions of {@link #action}. */
  enum Action {
    PAUSE,
    RESUME,
    RUN;

    static Action parse(String action) {
      if (action != null) {
        for (Action candidate : values()) {
          if (candidate.name().equalsIgnoreCase(action.trim())) {
            return candidate;
          }
        }
      }
      throw new IllegalArgumentException(
          "action: '" + action + "' is not valid; expected pause, resume or run");
    }
  }

  /**
   * The scheduler as a whole.
   *
   * @param state the life-cycle state
   * @param timezone the scheduler's time zone
   * @param stores the job stores by alias
   * @param threadPool the executor's threads
   * @param jobs every job, by store then next run time
   */
  public record SchedulerDescriptor(
      String state,
      String timezone,
      Map<String, StoreDescriptor> stores,
      ThreadPoolDescriptor threadPool,
      List<JobSummary> jobs)
      implements OperationResponseBody {}

  /**
   * A job store.
   *
   * @param type the store's class
   * @param persistent whether its jobs survive a restart
   * @param jobs how many jobs it holds, or {@code null} if it cannot be read
   * @param nextRunTime the earliest next run time of its jobs
   * @param error why the store cannot be read, or {@code null}
   */
  public record StoreDescriptor(
      String type,
      boolean persistent,
      Integer jobs,
      Instant nextRunTime,
      ClusterDescriptor cluster,
      String error) {}

  /**
   * The cluster of a shared JDBC store.
   *
   * @param node this scheduler's node id
   * @param nodes every live node with its last heartbeat (database time)
   */
  public record ClusterDescriptor(String node, Map<String, Instant> nodes) {}

  /**
   * The executor's threads; -1 where the executor cannot tell.
   *
   * @param activeThreads threads running a job
   * @param poolSize threads alive
   * @param maxThreads the most threads it runs at once
   * @param queuedRuns runs waiting for a thread
   */
  public record ThreadPoolDescriptor(
      int activeThreads, int poolSize, int maxThreads, int queuedRuns) {}

  /**
   * A job in the list.
   *
   * @param id the job's id
   * @param name its name
   * @param jobStore the alias of its store
   * @param trigger its trigger
   * @param nextRunTime its next run time, or {@code null} when paused
   * @param paused whether it is paused
   */
  public record JobSummary(
      String id,
      String name,
      String jobStore,
      String trigger,
      Instant nextRunTime,
      boolean paused) {}

  /**
   * One job in detail.
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
   * @param lastRun the outcome of its last run since the application started, or {@code null}
   * @param executions runs completed normally since the application started
   * @param errors runs that threw since the application started
   * @param misfires runs missed since the application started
   * @param maxInstanceSkips runs skipped for too many instances since the application started
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
      long maxInstanceSkips)
      implements OperationResponseBody {}

  /**
   * The outcome of an action.
   *
   * @param id the job's id
   * @param action the action taken
   * @param accepted whether it took effect ({@code false} when a run was refused for too many
   *     instances)
   * @param job the job afterwards, or {@code null} if it is gone
   */
  public record JobActionResult(String id, String action, boolean accepted, JobDescriptor job)
      implements OperationResponseBody {}
}
