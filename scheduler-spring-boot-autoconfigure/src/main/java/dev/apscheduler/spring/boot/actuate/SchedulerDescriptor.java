package dev.apscheduler.spring.boot.actuate;

import dev.apscheduler.Job;
import dev.apscheduler.Scheduler;
import dev.apscheduler.executor.JobExecutor;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The scheduler as a whole, as the {@code scheduler} endpoint shows it.
 *
 * <p>Immutable and thread-safe.
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
    implements OperationResponseBody {

  /** Describes {@code scheduler} as it is now. */
  public static SchedulerDescriptor of(Scheduler scheduler) {
    Map<String, StoreDescriptor> stores = new LinkedHashMap<>();
    scheduler.jobStores().forEach((alias, store) -> stores.put(alias, StoreDescriptor.of(store)));
    List<JobSummary> jobs = scheduler.getJobs().stream().map(JobSummary::of).toList();
    return new SchedulerDescriptor(
        scheduler.state().name(),
        scheduler.options().timezone().getId(),
        stores,
        ThreadPoolDescriptor.of(scheduler.executor()),
        jobs);
  }

  /**
   * The executor's threads; -1 where the executor cannot tell.
   *
   * <p>Immutable and thread-safe.
   *
   * @param activeThreads threads running a job
   * @param poolSize threads alive
   * @param maxThreads the most threads it runs at once
   * @param queuedRuns runs waiting for a thread
   */
  public record ThreadPoolDescriptor(
      int activeThreads, int poolSize, int maxThreads, int queuedRuns) {

    static ThreadPoolDescriptor of(JobExecutor executor) {
      return new ThreadPoolDescriptor(
          executor.activeThreads(),
          executor.poolSize(),
          executor.maxThreads(),
          executor.queuedRuns());
    }
  }

  /**
   * A job in the list.
   *
   * <p>Immutable and thread-safe.
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
      boolean paused) {

    static JobSummary of(Job job) {
      return new JobSummary(
          job.id(),
          job.name(),
          job.jobStore(),
          job.trigger().toString(),
          job.nextRunTime(),
          job.paused());
    }
  }
}
