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
 * @param nextRunTime when the job is next due: the trigger's next fire time, or a pending retry's
 *     due time if that is sooner; {@code null} while paused or before the scheduler starts
 * @param paused whether the job is paused
 * @param retryPolicy how a failed run is tried again ({@link RetryPolicy#NONE}: not at all)
 * @param onLost what a cluster does with a run lost with its node ({@link LostRunPolicy#REPORT})
 * @param pendingRetry the retry the job waits for, or {@code null}
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
    boolean paused,
    RetryPolicy retryPolicy,
    LostRunPolicy onLost,
    PendingRetry pendingRetry) {

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
    retryPolicy = retryPolicy == null ? RetryPolicy.NONE : retryPolicy;
    onLost = onLost == null ? LostRunPolicy.REPORT : onLost;
  }

  /** A job that does not retry, as before retries existed. */
  public Job(
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
    this(
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
        nextRunTime,
        paused,
        RetryPolicy.NONE,
        LostRunPolicy.REPORT,
        null);
  }

  /**
   * Starts a job with the options' defaults ({@link SchedulerOptions}): the one way to build a job
   * field by field.
   */
  public static Builder builder(String id, Task task, Trigger trigger) {
    return new Builder(id, task, trigger);
  }

  /** A builder holding this job's values, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The trigger's own next fire time: {@link #nextRunTime()} unless a pending retry is due sooner.
   */
  public Instant triggerNextRunTime() {
    return pendingRetry == null || paused ? nextRunTime : pendingRetry.triggerNextRunTime();
  }

  /**
   * This job with another trigger fire time next; a pending retry stays, and the job is next due at
   * whichever comes first.
   */
  public Job withNextRunTime(Instant next) {
    return copy(task, runs, next, paused, pendingRetry);
  }

  /** This job after {@code runs} runs, its trigger next firing at {@code next}. */
  public Job withRuns(int runs, Instant next) {
    return copy(task, runs, next, paused, pendingRetry);
  }

  /** This job paused (no next run time) or resumed with {@code next}. */
  public Job withPaused(boolean paused, Instant next) {
    return copy(task, runs, paused ? null : next, paused, pendingRetry);
  }

  /** This job with another task (used when a store resolves a stored reference again). */
  public Job withTask(Task task) {
    return copy(task, runs, triggerNextRunTime(), paused, pendingRetry);
  }

  /**
   * This job waiting for {@code retry} (its trigger's next fire time kept), or for no retry when
   * {@code null}.
   */
  public Job withPendingRetry(PendingRetry retry) {
    return copy(task, runs, triggerNextRunTime(), paused, retry);
  }

  /**
   * A copy with another schedule or task: on the paths run for every job, so no builder. {@code
   * next} is the trigger's next fire time; with a retry pending the job is due at the earlier.
   */
  private Job copy(Task task, int runs, Instant next, boolean paused, PendingRetry retry) {
    Instant due = next;
    if (retry != null) {
      retry = retry.withTriggerNextRunTime(next);
      due = paused ? null : retry.jobNextRunTime();
    }
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
        due,
        paused,
        retryPolicy,
        onLost,
        retry);
  }

  /**
   * Builds a {@link Job}; unset options take the defaults of {@link SchedulerOptions}. Not
   * thread-safe.
   */
  public static final class Builder {
    private String id;
    private String name;
    private Task task;
    private List<Object> args = List.of();
    private Map<String, Object> kwargs = Map.of();
    private Trigger trigger;
    private String jobStore = SchedulerOptions.DEFAULT_JOB_STORE;
    private String executor = SchedulerOptions.DEFAULT_EXECUTOR;
    private Duration misfireGraceTime = SchedulerOptions.DEFAULT_MISFIRE_GRACE_TIME;
    private boolean coalesce = SchedulerOptions.DEFAULT_COALESCE;
    private int maxRuns = SchedulerOptions.UNLIMITED_RUNS;
    private int runs;
    private int maxInstances = SchedulerOptions.DEFAULT_MAX_INSTANCES;
    private Instant nextRunTime;
    private boolean paused;
    private RetryPolicy retryPolicy = RetryPolicy.NONE;
    private LostRunPolicy onLost = LostRunPolicy.REPORT;
    private PendingRetry pendingRetry;

    private Builder(String id, Task task, Trigger trigger) {
      this.id = id;
      this.task = task;
      this.trigger = trigger;
      this.name = task == null ? id : task.reference();
    }

    private Builder(Job job) {
      id = job.id;
      name = job.name;
      task = job.task;
      args = job.args;
      kwargs = job.kwargs;
      trigger = job.trigger;
      jobStore = job.jobStore;
      executor = job.executor;
      misfireGraceTime = job.misfireGraceTime;
      coalesce = job.coalesce;
      maxRuns = job.maxRuns;
      runs = job.runs;
      maxInstances = job.maxInstances;
      nextRunTime = job.nextRunTime;
      paused = job.paused;
      retryPolicy = job.retryPolicy;
      onLost = job.onLost;
      pendingRetry = job.pendingRetry;
    }

    /** The informative name (default the task reference). */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** What the job runs. */
    public Builder task(Task task) {
      this.task = task;
      return this;
    }

    /** Positional arguments. */
    public Builder args(List<Object> args) {
      this.args = args;
      return this;
    }

    /** Keyword arguments. */
    public Builder kwargs(Map<String, Object> kwargs) {
      this.kwargs = kwargs;
      return this;
    }

    /** When the job runs. */
    public Builder trigger(Trigger trigger) {
      this.trigger = trigger;
      return this;
    }

    /** The alias of the store holding the job. */
    public Builder jobStore(String jobStore) {
      this.jobStore = jobStore;
      return this;
    }

    /** The executor's name. */
    public Builder executor(String executor) {
      this.executor = executor;
      return this;
    }

    /** How late a run may start before it is missed. */
    public Builder misfireGraceTime(Duration misfireGraceTime) {
      this.misfireGraceTime = misfireGraceTime;
      return this;
    }

    /** Whether a backlog of due runs runs once. */
    public Builder coalesce(boolean coalesce) {
      this.coalesce = coalesce;
      return this;
    }

    /** How many runs before the job is removed ({@link SchedulerOptions#UNLIMITED_RUNS}). */
    public Builder maxRuns(int maxRuns) {
      this.maxRuns = maxRuns;
      return this;
    }

    /** How many runs were started so far. */
    public Builder runs(int runs) {
      this.runs = runs;
      return this;
    }

    /** How many runs may run at the same time. */
    public Builder maxInstances(int maxInstances) {
      this.maxInstances = maxInstances;
      return this;
    }

    /** The next fire time, or {@code null}. */
    public Builder nextRunTime(Instant nextRunTime) {
      this.nextRunTime = nextRunTime;
      return this;
    }

    /** Whether the job is paused. */
    public Builder paused(boolean paused) {
      this.paused = paused;
      return this;
    }

    /** How a failed run is tried again (default {@link RetryPolicy#NONE}). */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = retryPolicy;
      return this;
    }

    /** What a cluster does with a run lost with its node (default {@link LostRunPolicy#REPORT}). */
    public Builder onLost(LostRunPolicy onLost) {
      this.onLost = onLost;
      return this;
    }

    /**
     * The retry the job waits for, or {@code null}; {@link #nextRunTime} must already be the
     * earlier of its due time and the trigger's next fire time (as stores keep it).
     */
    public Builder pendingRetry(PendingRetry pendingRetry) {
      this.pendingRetry = pendingRetry;
      return this;
    }

    /** Builds the job. */
    public Job build() {
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
          nextRunTime,
          paused,
          retryPolicy,
          onLost,
          pendingRetry);
    }
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
