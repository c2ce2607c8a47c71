package dev.apscheduler.internal;

import dev.apscheduler.Job;
import dev.apscheduler.PendingRetry;
import dev.apscheduler.SchedulerOptions;
import dev.apscheduler.store.JobStore;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lists jobs for people and programs: every job, the jobs of one store, and the human-readable
 * listing of {@code printJobs}. Tentative jobs (added before start) come first.
 *
 * <p>Thread-safe; reads each store without holding any scheduler lock.
 */
public final class JobListing {

  private final StoreSet stores;
  private final JobRegistry registry;
  private final ZoneId zone;

  /** Lists the jobs of {@code stores} and the tentative ones of {@code registry}. */
  public JobListing(StoreSet stores, JobRegistry registry, ZoneId zone) {
    this.stores = stores;
    this.registry = registry;
    this.zone = zone;
  }

  /** Every job of every store (and the tentative ones before start), by store then run time. */
  public List<Job> all() {
    List<Job> all = registry.pending();
    if (stores.isStarted()) {
      for (JobStore store : stores.all().values()) {
        all.addAll(store.getAllJobs());
      }
    }
    return all;
  }

  /**
   * Every job of one store.
   *
   * @throws IllegalArgumentException if there is no such store
   */
  public List<Job> of(String alias) {
    List<Job> all = new ArrayList<>();
    for (Job job : registry.pending()) {
      if (job.jobStore().equals(alias)) {
        all.add(job);
      }
    }
    JobStore store = stores.get(alias);
    if (store != null) {
      if (stores.isStarted()) {
        all.addAll(store.getAllJobs());
      }
    } else if (all.isEmpty() && !alias.equals(SchedulerOptions.DEFAULT_JOB_STORE)) {
      throw stores.unknown(alias);
    }
    return all;
  }

  /** The human-readable listing: per store, each job with its trigger and next run time. */
  public String print() {
    StringBuilder text = new StringBuilder();
    List<Job> pending = registry.pending();
    if (!pending.isEmpty()) {
      text.append("Pending jobs:\n");
      for (Job job : pending) {
        text.append("    ").append(describe(job)).append('\n');
      }
    }
    Map<String, JobStore> all = stores.all();
    boolean started = stores.isStarted();
    for (Map.Entry<String, JobStore> entry : all.entrySet()) {
      text.append("Jobstore ").append(entry.getKey()).append(":\n");
      List<Job> jobs = started ? entry.getValue().getAllJobs() : List.of();
      if (jobs.isEmpty()) {
        text.append("    No scheduled jobs\n");
      }
      for (Job job : jobs) {
        text.append("    ").append(describe(job)).append('\n');
      }
    }
    if (all.isEmpty() && pending.isEmpty()) {
      text.append("No scheduled jobs\n");
    }
    return text.toString();
  }

  private String describe(Job job) {
    String when =
        job.paused()
            ? "paused"
            : job.nextRunTime() == null
                ? "pending"
                : "next run at: " + job.nextRunTime().atZone(zone);
    PendingRetry retry = job.pendingRetry();
    if (retry != null) {
      when +=
          ", retry (attempt "
              + retry.attempt()
              + " of the run at "
              + retry.fireTime().atZone(zone)
              + ") due at: "
              + retry.dueAt().atZone(zone);
    }
    String runnable = job.task().isResolved() ? "" : ", not runnable: " + job.task().problem();
    return job.name()
        + " (id: "
        + job.id()
        + ", trigger: "
        + job.trigger()
        + ", "
        + when
        + runnable
        + ")";
  }
}
