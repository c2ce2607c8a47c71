package dev.apscheduler;

import dev.apscheduler.trigger.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of a scheduled job: what it runs, when, and with which options. The scheduler and the
 * job stores hand out snapshots; changing a job goes through the {@link Scheduler}.
 *
 * <p>Immutable and thread-safe (the argument values themselves should be immutable too).
 *
 * @param id unique id of the job across all stores of a scheduler
 * @param name informative name, not necessarily unique
 * @param task what the job runs
 * @param args positional arguments, handed to the task in its {@link JobContext}
 * @param kwargs keyword arguments, handed to the task in its {@link JobContext}
 * @param trigger decides the fire times
 * @param jobStore alias of the store holding the job
 * @param executor name of the executor that runs it ({@code "default"})
 * @param misfireGraceTime how late a run may start before it is missed
 * @param coalesce whether a backlog of due runs runs once
 * @param maxRuns how many runs before the job is removed; {@link SchedulerOptions#UNLIMITED_RUNS}
 *     for no limit
 * @param runs how many runs were started so far
 * @param maxInstances how many runs of this job may run at the same time
 * @param nextRunTime the next fire time; {@code null} while paused or before the scheduler starts
 * @param paused whether the job is paused
 */
public record Job(
    String id,
    String name,
    Task task,
    List<Object> args,
    Map<String, Object> kwargs,
    Trigger trigger,
    String jobStore,
    String executor,
    Duration misfireGraceTime,
    boolean coalesce,
    int maxRuns,
    int runs,
    int maxInstances,
    Instant nextRunTime,
    boolean paused) {

  /** Validates and copies the arguments. */
  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(jobStore, "jobStore");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(misfireGraceTime, "misfireGraceTime");
    args = args == null ? List.of() : args;
    kwargs = kwargs == null ? Map.of() : kwargs;
  }

  /** This job with another next run time. */
  public Job withNextRunTime(Instant next) {
    return copy(task, runs, next, paused);
  }

  /** This job after {@code runs} runs, next due at {@code next}. */
  public Job withRuns(int runs, Instant next) {
    return copy(task, runs, next, paused);
  }

  /** This job paused (no next run time) or resumed with {@code next}. */
  public Job withPaused(boolean paused, Instant next) {
    return copy(task, runs, paused ? null : next, paused);
  }

  /** This job with another task (used when a store resolves a stored reference again). */
  public Job withTask(Task task) {
    return copy(task, runs, nextRunTime, paused);
  }

  private Job copy(Task task, int runs, Instant next, boolean paused) {
    return new Job(
        id,
        name,
        task,
        args,
        kwargs,
        trigger,
        jobStore,
        executor,
        misfireGraceTime,
        coalesce,
        maxRuns,
        runs,
        maxInstances,
        next,
        paused);
  }

  @Override
  public String toString() {
    return name
        + " (id="
        + id
        + ", trigger: "
        + trigger
        + ", "
        + (paused ? "paused" : nextRunTime == null ? "pending" : "next run at: " + nextRunTime)
        + ")";
  }
}
