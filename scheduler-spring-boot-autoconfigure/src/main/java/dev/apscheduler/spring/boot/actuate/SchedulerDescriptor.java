package dev.apscheduler.spring.boot.actuate;

import dev.apscheduler.Job;
import dev.apscheduler.Scheduler;
import dev.apscheduler.SchedulerState;
import dev.apscheduler.executor.JobExecutor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The scheduler as a whole, as the {@code scheduler} endpoint shows it, with one page of its jobs.
 *
 * <p>Immutable and thread-safe.
 *
 * @param state the life-cycle state
 * @param timezone the scheduler's time zone
 * @param stores the job stores by alias
 * @param threadPool the executor's threads
 * @param totalJobs how many jobs there are, counted by the stores
 * @param offset how many jobs the page skips
 * @param limit the most jobs the page holds
 * @param jobs the page of jobs, by store then next run time
 */
public record SchedulerDescriptor(
    String state,
    String timezone,
    Map<String, StoreDescriptor> stores,
    ThreadPoolDescriptor threadPool,
    int totalJobs,
    int offset,
    int limit,
    List<JobSummary> jobs)
    implements OperationResponseBody {

  /** The page size when none is asked for. */
  public static final int DEFAULT_LIMIT = 100;

  /** The largest page size; a larger one asked for is cut to it. */
  public static final int MAX_LIMIT = 1_000;

  /**
   * Describes {@code scheduler} as it is now, with the jobs from {@code offset} on, at most {@code
   * limit} of them. Jobs are counted with each store's {@code countJobs()}, and only the stores
   * that hold jobs of the page are read, each for the page's jobs only ({@code
   * JobStore.getJobs(offset, limit)}).
   *
   * @param offset jobs to skip; {@code null} or negative for none
   * @param limit the page size; {@code null} for {@value #DEFAULT_LIMIT}, at most {@value
   *     #MAX_LIMIT}
   */
  public static SchedulerDescriptor of(Scheduler scheduler, Integer offset, Integer limit) {
    int skip = offset == null ? 0 : Math.max(0, offset);
    int size = limit == null ? DEFAULT_LIMIT : Math.min(MAX_LIMIT, Math.max(0, limit));
    Map<String, StoreDescriptor> stores = new LinkedHashMap<>();
    scheduler.jobStores().forEach((alias, store) -> stores.put(alias, StoreDescriptor.of(store)));
    List<JobSummary> page = new ArrayList<>();
    int total;
    if (scheduler.state() == SchedulerState.STOPPED) {
      List<Job> pending = scheduler.getJobs();
      total = pending.size();
      pending.stream().skip(skip).limit(size).map(JobSummary::of).forEach(page::add);
    } else {
      total = 0;
      for (Map.Entry<String, StoreDescriptor> store : stores.entrySet()) {
        int count = store.getValue().jobs() == null ? 0 : store.getValue().jobs();
        int from = skip - total;
        total += count;
        if (page.size() < size && from < count) {
          scheduler
              .jobStores()
              .get(store.getKey())
              .getJobs(Math.max(0, from), size - page.size())
              .stream()
              .map(JobSummary::of)
              .forEach(page::add);
        }
      }
    }
    return new SchedulerDescriptor(
        scheduler.state().name(),
        scheduler.options().timezone().getId(),
        stores,
        ThreadPoolDescriptor.of(scheduler.executor()),
        total,
        skip,
        size,
        List.copyOf(page));
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
