package dev.apscheduler.internal;

import dev.apscheduler.Job;
import dev.apscheduler.JobSpec;
import dev.apscheduler.SchedulerOptions;
import dev.apscheduler.Task;
import dev.apscheduler.TaskRegistry;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.trigger.Trigger;
import java.time.Instant;
import java.util.UUID;

/**
 * The one way a {@link JobSpec} becomes a {@link Job}, or changes one: the spec's options, else the
 * scheduler's defaults (or the job's own, for a change). Also the checks a job passes before any
 * store is touched: a task and arguments a persistent store can keep, and a trigger that fires.
 *
 * <p>Thread-safe and stateless but for its configuration.
 */
final class JobFactory {

  private final SchedulerOptions options;
  private final TaskRegistry tasks;

  JobFactory(SchedulerOptions options, TaskRegistry tasks) {
    this.options = options;
    this.tasks = tasks;
  }

  /** A new job from {@code spec}, not yet scheduled. */
  Job create(JobSpec spec) {
    return draft(spec).build();
  }

  /**
   * A new job from {@code spec}, checked for {@code store} and given its first run time from {@code
   * now}: {@link #create} and {@link #scheduleFirst} in one step, building the job once.
   *
   * @throws IllegalArgumentException if the trigger never fires or the store cannot keep the job
   */
  Job createScheduled(JobSpec spec, JobStore store, Instant now) {
    Job.Builder draft = draft(spec);
    if (!Boolean.TRUE.equals(spec.paused())) {
      draft.nextRunTime(firstRunTime(spec.trigger(), now));
    }
    Job job = draft.build();
    requireStorable(job, store);
    if (!job.paused() && job.nextRunTime() == null) {
      throw neverRuns(job, now);
    }
    return job;
  }

  /** The alias of the store {@code spec} goes to. */
  static String storeOf(JobSpec spec) {
    return spec.jobStore() != null ? spec.jobStore() : SchedulerOptions.DEFAULT_JOB_STORE;
  }

  private Job.Builder draft(JobSpec spec) {
    if (spec.trigger() == null) {
      throw new IllegalArgumentException("trigger: required to add a job; set JobSpec.trigger(..)");
    }
    if (spec.task() == null) {
      throw new IllegalArgumentException(
          "task: required to add a job; give a JobFunction, a Runnable or a task reference");
    }
    Task task = tasks.taskFor(spec.task());
    String id = spec.id() != null ? spec.id() : UUID.randomUUID().toString().replace("-", "");
    Job.Builder job =
        Job.builder(id, task, spec.trigger())
            .jobStore(storeOf(spec))
            .misfireGraceTime(options.misfireGraceTime())
            .coalesce(options.coalesce())
            .retryPolicy(options.defaultRetry())
            .paused(Boolean.TRUE.equals(spec.paused()));
    return applyOptions(job, spec);
  }

  /**
   * {@code job} with every option {@code changes} sets; its schedule (next run time, runs) as it
   * was.
   *
   * @throws IllegalArgumentException if {@code changes} moves the job to another store
   */
  Job change(Job job, JobSpec changes) {
    if (changes.jobStore() != null && !changes.jobStore().equals(job.jobStore())) {
      throw new IllegalArgumentException(
          "jobStore: a job cannot move between stores (from '"
              + job.jobStore()
              + "' to '"
              + changes.jobStore()
              + "'); remove it and add it again");
    }
    Job.Builder changed = applyOptions(job.toBuilder(), changes);
    if (changes.task() != null) {
      changed.task(tasks.taskFor(changes.task()));
    }
    if (changes.trigger() != null) {
      changed.trigger(changes.trigger());
    }
    if (changes.paused() != null) {
      changed.paused(changes.paused());
    }
    return changed.build();
  }

  /**
   * Checks {@code job} for {@code store} and gives it its first run time from {@code now} (none if
   * paused).
   *
   * @throws IllegalArgumentException if the trigger never fires or the store cannot keep the job
   */
  Job scheduleFirst(Job job, JobStore store, Instant now) {
    requireStorable(job, store);
    if (job.paused()) {
      return job.withNextRunTime(null);
    }
    Instant next = firstRunTime(job.trigger(), now);
    if (next == null) {
      throw neverRuns(job, now);
    }
    return job.withNextRunTime(next);
  }

  private IllegalArgumentException neverRuns(Job job, Instant now) {
    return new IllegalArgumentException(
        "trigger: job '"
            + job.id()
            + "' would never run: "
            + job.trigger()
            + " has no fire time after "
            + now.atZone(options.timezone()));
  }

  /** The trigger's first fire time from {@code now}, or {@code null} if it never fires. */
  Instant firstRunTime(Trigger trigger, Instant now) {
    return trigger.firstFireInstant(now, options.timezone());
  }

  /**
   * Checks that a persistent store can keep {@code job}: a task it can find again after a restart,
   * and arguments and a trigger it can encode.
   */
  static void requireStorable(Job job, JobStore store) {
    if (!store.isPersistent()) {
      return;
    }
    if (!job.task().isPersistable()) {
      throw new IllegalArgumentException(
          "task: job '"
              + job.id()
              + "' goes to the persistent store '"
              + job.jobStore()
              + "', which cannot keep a "
              + job.task().reference()
              + " (it could not be found again after a restart); register it with"
              + " scheduler.registerTask(\"name\", function) and use the name, or use a static"
              + " method reference such as \"com.example.Reports::nightly\"");
    }
    JobCodec.requireEncodable(job);
  }

  /** Sets on {@code job} every option {@code spec} sets but the task, trigger, store and pause. */
  private static Job.Builder applyOptions(Job.Builder job, JobSpec spec) {
    if (spec.name() != null) {
      job.name(spec.name());
    }
    if (spec.args() != null) {
      job.args(spec.args());
    }
    if (spec.kwargs() != null) {
      job.kwargs(spec.kwargs());
    }
    if (spec.executor() != null) {
      job.executor(spec.executor());
    }
    if (spec.misfireGraceTime() != null) {
      job.misfireGraceTime(spec.misfireGraceTime());
    }
    if (spec.coalesce() != null) {
      job.coalesce(spec.coalesce());
    }
    if (spec.maxRuns() != null) {
      job.maxRuns(spec.maxRuns());
    }
    if (spec.maxInstances() != null) {
      job.maxInstances(spec.maxInstances());
    }
    if (spec.retry() != null) {
      job.retryPolicy(spec.retry());
    }
    if (spec.onLost() != null) {
      job.onLost(spec.onLost());
    }
    return job;
  }
}
