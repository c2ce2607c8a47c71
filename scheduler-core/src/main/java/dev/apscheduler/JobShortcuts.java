package dev.apscheduler;

import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import dev.apscheduler.trigger.Trigger;
import dev.apscheduler.trigger.cron.CronTrigger;
import java.time.Duration;
import java.time.ZonedDateTime;

/**
 * The guide's shortcuts for adding a job ({@code add_date_job}, {@code add_interval_job}, {@code
 * add_cron_job}), each for the task forms of {@link JobSpec.Builder#task}: a {@link JobFunction}, a
 * {@link Runnable}, or a task reference. Each is {@link #addJob} with a spec of the task and
 * trigger and every other option at its default. {@link Scheduler} implements it.
 *
 * <p>Thread-safe as far as {@link #addJob} is.
 */
public interface JobShortcuts {

  /** Adds a job; see {@link Scheduler#addJob}. */
  Job addJob(JobSpec spec);

  /** The scheduler-wide options (the shortcuts read crontab lines in its time zone). */
  SchedulerOptions options();

  /** Runs {@code task} once at {@code runDate} (the guide's {@code add_date_job}). */
  default Job addDateJob(JobFunction task, ZonedDateTime runDate) {
    return add(task, DateTrigger.of(runDate));
  }

  /** Runs {@code task} once at {@code runDate}. */
  default Job addDateJob(Runnable task, ZonedDateTime runDate) {
    return add(task, DateTrigger.of(runDate));
  }

  /** Runs the referenced task once at {@code runDate}. */
  default Job addDateJob(String task, ZonedDateTime runDate) {
    return add(task, DateTrigger.of(runDate));
  }

  /** Runs {@code task} as the interval trigger says (the guide's {@code add_interval_job}). */
  default Job addIntervalJob(JobFunction task, IntervalTrigger trigger) {
    return add(task, trigger);
  }

  /** Runs {@code task} as the interval trigger says. */
  default Job addIntervalJob(Runnable task, IntervalTrigger trigger) {
    return add(task, trigger);
  }

  /** Runs the referenced task as the interval trigger says. */
  default Job addIntervalJob(String task, IntervalTrigger trigger) {
    return add(task, trigger);
  }

  /** Runs {@code task} every {@code interval}, first one interval from now. */
  default Job addIntervalJob(JobFunction task, Duration interval) {
    return add(task, IntervalTrigger.of(interval));
  }

  /** Runs {@code task} every {@code interval}, first one interval from now. */
  default Job addIntervalJob(Runnable task, Duration interval) {
    return add(task, IntervalTrigger.of(interval));
  }

  /** Runs the referenced task every {@code interval}, first one interval from now. */
  default Job addIntervalJob(String task, Duration interval) {
    return add(task, IntervalTrigger.of(interval));
  }

  /** Runs {@code task} when the cron trigger fires (the guide's {@code add_cron_job}). */
  default Job addCronJob(JobFunction task, CronTrigger trigger) {
    return add(task, trigger);
  }

  /** Runs {@code task} when the cron trigger fires. */
  default Job addCronJob(Runnable task, CronTrigger trigger) {
    return add(task, trigger);
  }

  /** Runs the referenced task when the cron trigger fires. */
  default Job addCronJob(String task, CronTrigger trigger) {
    return add(task, trigger);
  }

  /**
   * Runs {@code task} on a crontab schedule such as {@code "30 9-17 * * mon-fri"}, in the
   * scheduler's time zone.
   *
   * @throws IllegalArgumentException if the crontab line is invalid
   */
  default Job addCronJob(JobFunction task, String crontab) {
    return add(task, CronTrigger.fromCrontab(crontab, options().timezone()));
  }

  /** Runs {@code task} on a crontab schedule, in the scheduler's time zone. */
  default Job addCronJob(Runnable task, String crontab) {
    return add(task, CronTrigger.fromCrontab(crontab, options().timezone()));
  }

  /** Runs the referenced task on a crontab schedule, in the scheduler's time zone. */
  default Job addCronJob(String task, String crontab) {
    return add(task, CronTrigger.fromCrontab(crontab, options().timezone()));
  }

  private Job add(Object task, Trigger trigger) {
    return addJob(JobSpec.builder().taskObject(task).trigger(trigger).build());
  }
}
