package dev.apscheduler.spring.boot.dashboard;

import dev.apscheduler.Job;
import dev.apscheduler.JobNotFoundException;
import dev.apscheduler.Scheduler;
import dev.apscheduler.SchedulerOptions;
import dev.apscheduler.SchedulerState;
import dev.apscheduler.executor.JobExecutor;
import dev.apscheduler.history.RunHistoryQuery;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.spring.boot.actuate.SchedulerJobStatistics;
import dev.apscheduler.spring.boot.actuate.SchedulerJobStatistics.JobStatistics;
import dev.apscheduler.spring.boot.actuate.SchedulerJobStatistics.LastRun;
import dev.apscheduler.spring.boot.actuate.StoreDescriptor;
import dev.apscheduler.spring.boot.dashboard.DashboardViews.JobDetails;
import dev.apscheduler.spring.boot.dashboard.DashboardViews.JobPage;
import dev.apscheduler.spring.boot.dashboard.DashboardViews.JobRow;
import dev.apscheduler.spring.boot.dashboard.DashboardViews.Overview;
import dev.apscheduler.spring.boot.dashboard.DashboardViews.RunRecordView;
import dev.apscheduler.spring.boot.dashboard.DashboardViews.SchedulePreviewView;
import dev.apscheduler.spring.boot.dashboard.DashboardViews.ThreadPool;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.trigger.Trigger;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What the dashboard shows and does, apart from HTTP: the overview, pages of jobs with filters, one
 * job with its coming fire times and run history, the job actions and the schedule preview. Pages
 * read only as many jobs from a store as they need ({@link JobStore#getJobs(int, int)}).
 *
 * <p>Thread-safe.
 */
public final class DashboardService {

  /** The page size when none is asked for. */
  public static final int DEFAULT_LIMIT = 50;

  /** The largest page size. */
  public static final int MAX_LIMIT = 500;

  /** How many fire times a job's page lists. */
  public static final int FIRE_TIMES = 10;

  /** How many runs of its history a job's page lists. */
  public static final int HISTORY = 50;

  /** How many jobs a filtered listing reads from a store at a time. */
  private static final int CHUNK = 2_000;

  private final Scheduler scheduler;
  private final SchedulerJobStatistics statistics;
  private final DashboardActivity activity;

  /** Creates the service over {@code scheduler}, with per-job and last-hour counts. */
  public DashboardService(
      Scheduler scheduler, SchedulerJobStatistics statistics, DashboardActivity activity) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.statistics = Objects.requireNonNull(statistics, "statistics");
    this.activity = Objects.requireNonNull(activity, "activity");
  }

  /** The scheduler's time zone id. */
  public String timezone() {
    return scheduler.options().timezone().getId();
  }

  /** The scheduler's state, stores, thread pool and the last hour's counts. */
  public Overview overview() {
    Map<String, StoreDescriptor> stores = new LinkedHashMap<>();
    int total = 0;
    for (Map.Entry<String, JobStore> store : scheduler.jobStores().entrySet()) {
      StoreDescriptor descriptor = StoreDescriptor.of(store.getValue());
      stores.put(store.getKey(), descriptor);
      total += descriptor.jobs() == null ? 0 : descriptor.jobs();
    }
    if (scheduler.state() == SchedulerState.STOPPED) {
      total = scheduler.getJobs().size();
    }
    JobExecutor executor = scheduler.executor();
    return new Overview(
        scheduler.state().name(),
        timezone(),
        scheduler.clock().instant(),
        stores,
        total,
        new ThreadPool(
            executor.activeThreads(),
            executor.poolSize(),
            executor.maxThreads(),
            executor.queuedRuns()),
        scheduler.runsInFlight(),
        activity.lastHour());
  }

  /**
   * One page of jobs, by store then next run time.
   *
   * @param store only this store's jobs, or {@code null} for every store
   * @param state {@code all} ({@code null}), {@code scheduled} or {@code paused}
   * @param text only jobs whose id, name or task contains this (ignoring case), or {@code null}
   * @param offset matching jobs to skip ({@code null}: none)
   * @param limit the page size ({@code null}: {@value #DEFAULT_LIMIT}; at most {@value #MAX_LIMIT})
   * @throws IllegalArgumentException for an unknown store or state, or a bad offset or limit
   */
  public JobPage jobs(String store, String state, String text, Integer offset, Integer limit) {
    int skip = offset == null ? 0 : offset;
    int size = limit == null ? DEFAULT_LIMIT : limit;
    if (skip < 0) {
      throw new IllegalArgumentException("offset: must be 0 or more, got " + skip);
    }
    if (size < 1 || size > MAX_LIMIT) {
      throw new IllegalArgumentException("limit: must be from 1 to " + MAX_LIMIT + ", got " + size);
    }
    List<String> aliases = aliases(store);
    Predicate<Job> filter = filter(state, text);
    List<Job> page = new ArrayList<>();
    if (filter == null) {
      int total = 0;
      for (String alias : aliases) {
        int count = count(alias);
        int from = skip - total;
        total += count;
        if (page.size() < size && from < count) {
          page.addAll(read(alias, Math.max(0, from), size - page.size()));
        }
      }
      return new JobPage(skip, size, total, skip + page.size() < total, rows(page));
    }
    int matched = 0;
    boolean more = false;
    for (String alias : aliases) {
      for (int from = 0; !more; from += CHUNK) {
        List<Job> chunk = read(alias, from, CHUNK);
        for (Job job : chunk) {
          if (filter.test(job) && matched++ >= skip) {
            if (page.size() == size) {
              more = true;
              break;
            }
            page.add(job);
          }
        }
        if (chunk.size() < CHUNK) {
          break;
        }
      }
    }
    return new JobPage(skip, size, null, more, rows(page));
  }

  /**
   * One job with its coming fire times and run history.
   *
   * @throws JobNotFoundException if there is no such job
   */
  public JobDetails job(String id) {
    Job job = scheduler.getJob(id).orElseThrow(() -> new JobNotFoundException(id));
    Trigger trigger = job.trigger();
    ZoneId zone = TriggerWords.zoneOf(trigger).orElse(scheduler.options().timezone());
    ZonedDateTime now = scheduler.clock().instant().atZone(zone);
    List<SchedulePreview.FireTime> fireTimes =
        job.paused() || job.nextRunTime() == null
            ? List.of()
            : SchedulePreview.fireTimes(
                trigger, zone, job.nextRunTime().atZone(zone), now, FIRE_TIMES);
    LastRun lastRun = statistics.get(id).map(JobStatistics::lastRun).orElse(null);
    return new JobDetails(
        job.id(),
        job.name(),
        job.task().reference(),
        job.task().isResolved() ? null : job.task().problem(),
        job.jobStore(),
        job.executor(),
        TriggerWords.describe(trigger),
        trigger.toString(),
        zone.getId(),
        job.nextRunTime(),
        job.paused(),
        job.misfireGraceTime().toMillis(),
        job.coalesce(),
        job.maxRuns() == SchedulerOptions.UNLIMITED_RUNS ? null : job.maxRuns(),
        job.runs(),
        job.maxInstances(),
        scheduler.runningInstances(id),
        job.args().size(),
        List.copyOf(job.kwargs().keySet()),
        lastRun,
        fireTimes,
        scheduler.getRunHistory(id, HISTORY).stream().map(RunRecordView::of).toList());
  }

  /**
   * Pauses, resumes or runs a job now.
   *
   * @param action {@code pause}, {@code resume} or {@code run}
   * @return whether a run was started ({@code run}), otherwise {@code true}
   * @throws IllegalArgumentException for another action
   * @throws JobNotFoundException if there is no such job
   * @throws IllegalStateException for {@code run} while the scheduler is not running
   */
  public boolean act(String id, String action) {
    switch (action == null ? "" : action) {
      case "pause" -> scheduler.pauseJob(id);
      case "resume" -> scheduler.resumeJob(id);
      case "run" -> {
        return scheduler.runJobNow(id);
      }
      default ->
          throw new IllegalArgumentException(
              "action: '" + action + "' is not valid; expected pause, resume or run");
    }
    return true;
  }

  /**
   * Removes a job.
   *
   * @throws JobNotFoundException if there is no such job
   */
  public void remove(String id) {
    scheduler.removeJob(id);
  }

  /**
   * The next fire times of a schedule someone typed (see {@link SchedulePreview#trigger}); a
   * schedule or zone that is not valid is answered with the error naming the field, as checking it
   * is what the preview is for.
   *
   * @param zone the zone id, or {@code null} for the scheduler's
   * @param count how many fire times, 1 to {@value SchedulePreview#MAX_COUNT}
   * @throws IllegalArgumentException for a count out of range
   */
  public SchedulePreviewView preview(
      String crontab, String interval, Map<String, String> cronFields, String zone, int count) {
    if (count < 1 || count > SchedulePreview.MAX_COUNT) {
      throw new IllegalArgumentException(
          "count: must be from 1 to " + SchedulePreview.MAX_COUNT + ", got " + count);
    }
    ZoneId zoneId;
    Trigger trigger;
    try {
      zoneId =
          zone == null || zone.isBlank()
              ? scheduler.options().timezone()
              : SchedulePreview.zone(zone);
      trigger = SchedulePreview.trigger(crontab, interval, cronFields, zoneId);
    } catch (IllegalArgumentException e) {
      return new SchedulePreviewView(null, null, List.of(), e.getMessage());
    }
    ZonedDateTime now = scheduler.clock().instant().atZone(zoneId);
    return new SchedulePreviewView(
        TriggerWords.describe(trigger),
        zoneId.getId(),
        SchedulePreview.fireTimes(trigger, zoneId, null, now, count),
        null);
  }

  private List<String> aliases(String store) {
    List<String> all = new ArrayList<>(scheduler.jobStores().keySet());
    if (scheduler.state() == SchedulerState.STOPPED) {
      scheduler
          .getJobs()
          .forEach(
              job -> {
                if (!all.contains(job.jobStore())) {
                  all.add(job.jobStore());
                }
              });
    }
    if (store == null || store.isBlank()) {
      return all;
    }
    if (!all.contains(store)) {
      throw new IllegalArgumentException(
          "store: '" + store + "' is not a job store; expected one of " + all);
    }
    return List.of(store);
  }

  private static Predicate<Job> filter(String state, String text) {
    Predicate<Job> byState =
        switch (state == null || state.isBlank() ? "all" : state) {
          case "all" -> null;
          case "paused" -> Job::paused;
          case "scheduled" -> job -> !job.paused();
          default ->
              throw new IllegalArgumentException(
                  "state: '" + state + "' is not valid; expected all, scheduled or paused");
        };
    if (text == null || text.isBlank()) {
      return byState;
    }
    String needle = text.trim().toLowerCase(Locale.ROOT);
    Predicate<Job> byText =
        job ->
            job.id().toLowerCase(Locale.ROOT).contains(needle)
                || job.name().toLowerCase(Locale.ROOT).contains(needle)
                || job.task().reference().toLowerCase(Locale.ROOT).contains(needle);
    return byState == null ? byText : byState.and(byText);
  }

  private int count(String alias) {
    JobStore store = scheduler.jobStores().get(alias);
    return store == null || scheduler.state() == SchedulerState.STOPPED
        ? scheduler.getJobs(alias).size()
        : store.countJobs();
  }

  private List<Job> read(String alias, int offset, int limit) {
    JobStore store = scheduler.jobStores().get(alias);
    if (store == null || scheduler.state() == SchedulerState.STOPPED) {
      List<Job> all = scheduler.getJobs(alias);
      int from = Math.min(offset, all.size());
      return all.subList(from, Math.min(all.size(), from + limit));
    }
    return store.getJobs(offset, limit);
  }

  private List<JobRow> rows(List<Job> jobs) {
    List<JobRow> rows = new ArrayList<>(jobs.size());
    for (Job job : jobs) {
      LastRun last = statistics.get(job.id()).map(JobStatistics::lastRun).orElse(null);
      rows.add(
          new JobRow(
              job.id(),
              job.name(),
              job.jobStore(),
              TriggerWords.describe(job.trigger()),
              job.nextRunTime(),
              job.paused(),
              last != null ? last.outcome().name() : lastRecordedOutcome(job)));
    }
    return rows;
  }

  /**
   * The outcome of the job's newest run in its own store's history (a run before this application
   * started, or on another node; runs since the start are in the statistics), or {@code null} if
   * none is known or the history cannot be read. One read of one store, nothing flushed.
   */
  private String lastRecordedOutcome(Job job) {
    JobStore store = scheduler.jobStores().get(job.jobStore());
    if (store == null) {
      return null;
    }
    try {
      List<RunRecord> newest = store.runHistory().find(RunHistoryQuery.of(job.id(), 1));
      return newest.isEmpty() ? null : newest.get(0).outcome().name();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
