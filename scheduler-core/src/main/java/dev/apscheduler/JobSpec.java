package dev.apscheduler;

import dev.apscheduler.trigger.Trigger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to schedule, or, for {@link Scheduler#modifyJob}, what to change. Options left unset ({@code
 * null}) take the scheduler's defaults when adding and stay as they are when modifying.
 *
 * <p>Immutable and thread-safe once built; the builder is not thread-safe.
 *
 * @param id the job's id; a random one when unset
 * @param name the job's name; the task reference when unset
 * @param task a {@link JobFunction}, a {@link Runnable} or a text reference
 * @param args positional arguments
 * @param kwargs keyword arguments
 * @param trigger when the job runs (required when adding)
 * @param jobStore the alias of the store to put the job in; {@code "default"} when unset
 * @param executor the executor that runs the job; {@code "default"} when unset
 * @param misfireGraceTime how late a run may start before it is missed
 * @param coalesce whether a backlog of due runs runs once
 * @param maxRuns how many runs before the job is removed
 * @param maxInstances how many runs may run at the same time
 * @param replaceExisting whether adding replaces a job with the same id
 * @param paused whether the job starts paused
 * @param retry how a failed run is tried again; the scheduler's default retry when unset
 * @param onLost what a cluster does with a run lost with its node; {@link LostRunPolicy#REPORT}
 *     when unset
 */
public record JobSpec(
    String id,
    String name,
    Object task,
    List<Object> args,
    Map<String, Object> kwargs,
    Trigger trigger,
    String jobStore,
    String executor,
    Duration misfireGraceTime,
    Boolean coalesce,
    Integer maxRuns,
    Integer maxInstances,
    boolean replaceExisting,
    Boolean paused,
    RetryPolicy retry,
    LostRunPolicy onLost) {

  /** Validates the options. */
  public JobSpec {
    if (id != null && id.isBlank()) {
      throw new IllegalArgumentException("id: must not be blank");
    }
    if (misfireGraceTime != null && misfireGraceTime.isNegative()) {
      throw new IllegalArgumentException(
          "misfire_grace_time: must not be negative, got " + misfireGraceTime);
    }
    if (maxRuns != null && maxRuns < 1) {
      throw new IllegalArgumentException("max_runs: must be 1 or more, got " + maxRuns);
    }
    if (maxInstances != null && maxInstances < 1) {
      throw new IllegalArgumentException("max_instances: must be 1 or more, got " + maxInstances);
    }
    args = args == null ? null : Collections.unmodifiableList(new ArrayList<>(args));
    kwargs = kwargs == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
  }

  /** A spec that leaves retries and lost runs as they are (or at their defaults). */
  public JobSpec(
      String id,
      String name,
      Object task,
      List<Object> args,
      Map<String, Object> kwargs,
      Trigger trigger,
      String jobStore,
      String executor,
      Duration misfireGraceTime,
      Boolean coalesce,
      Integer maxRuns,
      Integer maxInstances,
      boolean replaceExisting,
      Boolean paused) {
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
        maxInstances,
        replaceExisting,
        paused,
        null,
        null);
  }

  /** Starts an empty spec. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link JobSpec}. Not thread-safe. */
  public static final class Builder {
    private String id;
    private String name;
    private Object task;
    private List<Object> args;
    private Map<String, Object> kwargs;
    private Trigger trigger;
    private String jobStore;
    private String executor;
    private Duration misfireGraceTime;
    private Boolean coalesce;
    private Integer maxRuns;
    private Integer maxInstances;
    private boolean replaceExisting;
    private Boolean paused;
    private RetryPolicy retry;
    private LostRunPolicy onLost;

    private Builder() {}

    /** The job's id, unique across the scheduler's stores. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** The job's informative name. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The task: a function (memory store only unless registered). */
    public Builder task(JobFunction task) {
      this.task = task;
      return this;
    }

    /** The task: a runnable (memory store only unless registered). */
    public Builder task(Runnable task) {
      this.task = task;
      return this;
    }

    /**
     * The task by reference: a registered name, {@code com.example.Reports::nightly}, or a class
     * name.
     */
    public Builder task(String reference) {
      this.task = reference;
      return this;
    }

    /** The task in any of the accepted forms; checked when the job is added. */
    public Builder taskObject(Object task) {
      this.task = task;
      return this;
    }

    /** Positional arguments. */
    public Builder args(List<?> args) {
      this.args = args == null ? null : new ArrayList<>(args);
      return this;
    }

    /** Keyword arguments. */
    public Builder kwargs(Map<String, ?> kwargs) {
      this.kwargs = kwargs == null ? null : new LinkedHashMap<>(kwargs);
      return this;
    }

    /** When the job runs. */
    public Builder trigger(Trigger trigger) {
      this.trigger = trigger;
      return this;
    }

    /** The alias of the store to put the job in. */
    public Builder jobStore(String jobStore) {
      this.jobStore = jobStore;
      return this;
    }

    /** The executor that runs the job. */
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

    /** How many runs before the job is removed. */
    public Builder maxRuns(int maxRuns) {
      this.maxRuns = maxRuns;
      return this;
    }

    /** How many runs may run at the same time. */
    public Builder maxInstances(int maxInstances) {
      this.maxInstances = maxInstances;
      return this;
    }

    /** Whether adding replaces a job with the same id instead of failing. */
    public Builder replaceExisting(boolean replaceExisting) {
      this.replaceExisting = replaceExisting;
      return this;
    }

    /** Whether the job starts paused. */
    public Builder paused(boolean paused) {
      this.paused = paused;
      return this;
    }

    /**
     * How a failed run is tried again, as new attempts of the same fire time ({@link
     * RetryPolicy#NONE} for no retry); the scheduler's default retry when unset.
     */
    public Builder retry(RetryPolicy retry) {
      this.retry = retry;
      return this;
    }

    /**
     * What a cluster does with a run in flight on a node that stopped: {@link LostRunPolicy#REPORT}
     * it (the default) or {@link LostRunPolicy#RERUN} the fire time on a live node (for idempotent
     * jobs).
     */
    public Builder onLost(LostRunPolicy onLost) {
      this.onLost = onLost;
      return this;
    }

    /**
     * Builds the spec.
     *
     * @throws IllegalArgumentException if an option is out of range
     */
    public JobSpec build() {
      return new JobSpec(
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
          maxInstances,
          replaceExisting,
          paused,
          retry,
          onLost);
    }
  }
}
