package dev.apscheduler;

import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobStoreEvent;
import dev.apscheduler.event.SchedulerEvent;
import dev.apscheduler.event.SchedulerListener;
import dev.apscheduler.executor.JobExecutor;
import dev.apscheduler.internal.DueRuns;
import dev.apscheduler.internal.Listeners;
import dev.apscheduler.internal.RunDispatcher;
import dev.apscheduler.internal.StoreRetry;
import dev.apscheduler.store.DueJobProcessor;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.JobStoreContext;
import dev.apscheduler.store.JsonCodec;
import dev.apscheduler.store.MemoryJobStore;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import dev.apscheduler.trigger.Trigger;
import dev.apscheduler.trigger.cron.CronTrigger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs jobs at the times their triggers give, from one or more job stores, on a thread pool.
 *
 * <p>Typical use: build, add jobs, {@link #start()}, and {@link #shutdown()} when the application
 * ends. Jobs added before {@code start()} are tentative: their first run time is computed at start,
 * and they do not run retroactively.
 *
 * <p>Thread-safe: every public method may be called from any thread, including from inside a
 * running job; changes to jobs wake the scheduling loop at once. No lock is held while a job runs.
 */
public final class Scheduler implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Scheduler.class.getName());

  /** Due jobs taken from a store under one lock hold. */
  private static final int BATCH_SIZE = 1000;

  /** The longest the loop sleeps without looking at the stores, should a wake-up get lost. */
  private static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private final SchedulerOptions options;
  private final JobExecutor executor;
  private final Clock clock;
  private final boolean runLoop;
  private final TaskRegistry tasks;
  private final Listeners listeners = new Listeners();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();

  // @GuardedBy("lock")
  private final Map<String, JobStore> stores = new LinkedHashMap<>();

  /** A copy of {@link #stores} for reading without the lock; replaced whenever stores change. */
  private volatile Map<String, JobStore> storeView = Map.of();

  // @GuardedBy("lock") jobs added before start(), in order
  private final Map<String, Job> pendingJobs = new LinkedHashMap<>();
  // @GuardedBy("lock") ids of pending jobs that replace a stored job of the same id at start
  private final Set<String> pendingReplacements = new java.util.HashSet<>();
  // @GuardedBy("lock")
  private SchedulerState state = SchedulerState.STOPPED;
  // @GuardedBy("lock")
  private boolean wakeUpRequested;
  // @GuardedBy("lock") when the sleeping loop wakes up by itself; null while it is not sleeping
  private Instant loopSleepsUntil;
  // @GuardedBy("lock")
  private Thread loopThread;
  // @GuardedBy("lock")
  private final StoreRetry storeRetry = new StoreRetry();

  /** Unresolvable tasks already reported, by job id. */
  private final Set<String> reportedUnresolved = ConcurrentHashMap.newKeySet();

  /** Reserves instances, hands runs to the executor, tracks the runs in flight. */
  private final RunDispatcher dispatcher;

  /** The JSON codec handed to persistent stores; {@code null} for their default. */
  private final JsonCodec jsonCodec;

  Scheduler(
      SchedulerOptions options,
      JobExecutor executor,
      Clock clock,
      boolean runLoop,
      Map<String, JobStore> stores,
      TaskRegistry tasks,
      JobRunInterceptor runInterceptor,
      JsonCodec jsonCodec) {
    this.options = options;
    this.dispatcher =
        new RunDispatcher(
            executor,
            clock,
            listeners,
            runInterceptor,
            alias -> storeView.get(alias),
            options.standalone() ? this::wakeUpLoop : () -> {});
    this.jsonCodec = jsonCodec;
    this.executor = executor;
    this.clock = clock;
    this.runLoop = runLoop;
    this.tasks = tasks;
    this.stores.putAll(stores);
  }

  /** Starts configuring a scheduler. */
  public static SchedulerBuilder builder() {
    return new SchedulerBuilder();
  }

  /**
   * A scheduler configured with the guide's {@code apscheduler.}-prefixed keys; see {@link
   * SchedulerBuilder#properties}.
   *
   * @throws IllegalArgumentException naming the key, for an unknown key or a bad value
   */
  public static Scheduler fromProperties(Map<String, ?> config) {
    return builder().properties(config).build();
  }

  // ---------------------------------------------------------------- life cycle

  /**
   * Starts the scheduler. In embedded mode (the default) this spawns the scheduler thread and
   * returns; in standalone mode it runs the loop in the calling thread and returns, after shutting
   * the scheduler down, when no job is left.
   *
   * @throws IllegalStateException if the scheduler was already started
   */
  public void start() {
    lock.lock();
    try {
      if (state != SchedulerState.STOPPED) {
        throw new IllegalStateException(
            "The scheduler is "
                + state
                + "; start() is allowed once, on a new scheduler (build another one to restart)");
      }
      stores.putIfAbsent(SchedulerOptions.DEFAULT_JOB_STORE, new MemoryJobStore());
      storeView = Map.copyOf(stores);
      for (Map.Entry<String, JobStore> entry : stores.entrySet()) {
        entry
            .getValue()
            .start(
                new JobStoreContext(
                    entry.getKey(), tasks, clock, listeners::fire, jsonCodec, this::wakeUpLoop));
      }
      state = SchedulerState.RUNNING;
      Instant now = clock.instant();
      for (Job job : pendingJobs.values()) {
        JobStore store = storeFor(job.jobStore());
        if (pendingReplacements.contains(job.id())) {
          removeStored(job.id());
        } else if (storedJob(job.id()) != null) {
          LOG.log(
              Level.WARNING,
              "Job '"
                  + job.id()
                  + "' added before start is already in a store; the stored job is kept"
                  + " (use JobSpec.replaceExisting(true) to replace it)");
          continue;
        }
        try {
          scheduleNew(job, store, now);
        } catch (IllegalArgumentException e) {
          LOG.log(Level.ERROR, "Job '" + job.id() + "' added before start is not scheduled: " + e);
        }
      }
      pendingJobs.clear();
      pendingReplacements.clear();
    } finally {
      lock.unlock();
    }
    fire(new SchedulerEvent(EventType.SCHEDULER_START, clock.instant()));
    LOG.log(Level.INFO, "Scheduler started");
    if (!runLoop) {
      return;
    }
    if (options.standalone()) {
      lock.lock();
      try {
        loopThread = Thread.currentThread();
      } finally {
        lock.unlock();
      }
      loop();
      shutdown(true);
    } else {
      Thread thread = new Thread(this::loop, "apscheduler-loop");
      thread.setDaemon(options.daemonic());
      lock.lock();
      try {
        loopThread = thread;
      } finally {
        lock.unlock();
      }
      thread.start();
    }
  }

  /** Shuts down and waits for running jobs to finish; the same as {@code shutdown(true)}. */
  public void shutdown() {
    shutdown(true);
  }

  /**
   * Stops the loop, shuts down the thread pool the scheduler made (never one the application handed
   * in), closes the job stores and fires {@code SCHEDULER_SHUTDOWN}. Calling it again does nothing.
   *
   * @param wait whether to wait for running jobs to finish
   */
  public void shutdown(boolean wait) {
    Thread loop;
    List<JobStore> toClose;
    lock.lock();
    try {
      if (state == SchedulerState.SHUT_DOWN) {
        return;
      }
      state = SchedulerState.SHUT_DOWN;
      wakeUpRequested = true;
      wakeUp.signalAll();
      loop = loopThread;
      toClose = new ArrayList<>(stores.values());
    } finally {
      lock.unlock();
    }
    if (loop != null && loop != Thread.currentThread()) {
      joinQuietly(loop);
    }
    executor.shutdown();
    if (wait) {
      dispatcher.awaitRunsFinished();
    }
    for (JobStore store : toClose) {
      try {
        store.close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Closing job store " + store + " failed", e);
      }
    }
    fire(new SchedulerEvent(EventType.SCHEDULER_SHUTDOWN, clock.instant()));
    LOG.log(Level.INFO, "Scheduler has been shut down");
  }

  /** Shuts down and waits for running jobs, for try-with-resources. */
  @Override
  public void close() {
    shutdown(true);
  }

  /**
   * Stops processing jobs until {@link #resume()}; running jobs go on.
   *
   * @throws IllegalStateException unless the scheduler is running
   */
  public void pause() {
    lock.lock();
    try {
      requireState(SchedulerState.RUNNING, "pause()");
      state = SchedulerState.PAUSED;
    } finally {
      lock.unlock();
    }
    fire(new SchedulerEvent(EventType.SCHEDULER_PAUSED, clock.instant()));
  }

  /**
   * Resumes processing jobs after {@link #pause()}; runs that came due meanwhile are listed as
   * usual (and missed if later than their grace time).
   *
   * @throws IllegalStateException unless the scheduler is paused
   */
  public void resume() {
    lock.lock();
    try {
      requireState(SchedulerState.PAUSED, "resume()");
      state = SchedulerState.RUNNING;
      requestWakeUp();
    } finally {
      lock.unlock();
    }
    fire(new SchedulerEvent(EventType.SCHEDULER_RESUMED, clock.instant()));
  }

  /** The current life-cycle state. */
  public SchedulerState state() {
    lock.lock();
    try {
      return state;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the scheduler was started and not shut down (it may be paused). */
  public boolean isRunning() {
    SchedulerState current = state();
    return current == SchedulerState.RUNNING || current == SchedulerState.PAUSED;
  }

  /** The scheduler-wide options. */
  public SchedulerOptions options() {
    return options;
  }

  /** The executor that runs jobs. */
  public JobExecutor executor() {
    return executor;
  }

  /** The clock the scheduler reads time from. */
  public Clock clock() {
    return clock;
  }

  // ---------------------------------------------------------------- stores, tasks, listeners

  /**
   * Adds a job store under {@code alias}; on a running scheduler it is started at once.
   *
   * @throws IllegalArgumentException if the alias is taken
   */
  public void addJobStore(JobStore store, String alias) {
    Objects.requireNonNull(store, "store");
    lock.lock();
    try {
      if (alias == null || alias.isBlank()) {
        throw new IllegalArgumentException("job store alias: must not be blank");
      }
      if (stores.containsKey(alias)) {
        throw new IllegalArgumentException(
            "job store alias: '" + alias + "' is already taken; stores: " + stores.keySet());
      }
      if (isStarted()) {
        store.start(
            new JobStoreContext(alias, tasks, clock, listeners::fire, jsonCodec, this::wakeUpLoop));
      }
      stores.put(alias, store);
      storeView = Map.copyOf(stores);
      requestWakeUp();
    } finally {
      lock.unlock();
    }
    fire(new JobStoreEvent(EventType.JOBSTORE_ADDED, clock.instant(), alias, null));
  }

  /**
   * Removes and closes the job store {@code alias}; its jobs stay in it (a persistent store keeps
   * them for later) but this scheduler no longer runs them.
   *
   * @throws IllegalArgumentException if there is no such store
   */
  public void removeJobStore(String alias) {
    JobStore store;
    lock.lock();
    try {
      store = stores.remove(alias);
      storeView = Map.copyOf(stores);
      if (store == null) {
        throw new IllegalArgumentException(
            "job store alias: no store '" + alias + "'; stores: " + stores.keySet());
      }
      pendingJobs.values().removeIf(job -> job.jobStore().equals(alias));
      storeRetry.forget(alias);
    } finally {
      lock.unlock();
    }
    store.close();
    fire(new JobStoreEvent(EventType.JOBSTORE_REMOVED, clock.instant(), alias, null));
  }

  /** The job stores by alias, in the order they were added. */
  public Map<String, JobStore> jobStores() {
    lock.lock();
    try {
      return Collections.unmodifiableMap(new LinkedHashMap<>(stores));
    } finally {
      lock.unlock();
    }
  }

  /** Registers a task by name, so jobs in persistent stores can refer to it. */
  public void registerTask(String name, JobFunction function) {
    tasks.register(name, function);
  }

  /** The registry that resolves task references. */
  public TaskRegistry tasks() {
    return tasks;
  }

  /**
   * Adds a listener for the given event types, or for all events when none is given. Listeners run
   * on the thread where the event happens; one that throws is logged and ignored.
   */
  public void addListener(SchedulerListener listener, EventType... mask) {
    listeners.add(listener, mask);
  }

  /** Removes a listener. */
  public void removeListener(SchedulerListener listener) {
    listeners.remove(listener);
  }

  // ---------------------------------------------------------------- adding jobs

  /**
   * Adds a job. Before {@code start()} the job is tentative; afterwards its first run time is
   * computed now.
   *
   * @return the job as stored
   * @throws IllegalArgumentException if the spec has no trigger, names an unknown store, or its
   *     task cannot be kept by a persistent store
   * @throws ConflictingIdException if the id is taken and {@code replaceExisting} is not set
   */
  public Job addJob(JobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    if (spec.trigger() == null) {
      throw new IllegalArgumentException("trigger: required to add a job; set JobSpec.trigger(..)");
    }
    if (spec.task() == null) {
      throw new IllegalArgumentException(
          "task: required to add a job; give a JobFunction, a Runnable or a task reference");
    }
    Task task = tasks.taskFor(spec.task());
    String id = spec.id() != null ? spec.id() : UUID.randomUUID().toString().replace("-", "");
    String alias = spec.jobStore() != null ? spec.jobStore() : SchedulerOptions.DEFAULT_JOB_STORE;
    Job job =
        new Job(
            id,
            spec.name() != null ? spec.name() : task.reference(),
            task,
            spec.args(),
            spec.kwargs(),
            spec.trigger(),
            alias,
            spec.executor() != null ? spec.executor() : "default",
            spec.misfireGraceTime() != null ? spec.misfireGraceTime() : options.misfireGraceTime(),
            spec.coalesce() != null ? spec.coalesce() : options.coalesce(),
            spec.maxRuns() != null ? spec.maxRuns() : SchedulerOptions.UNLIMITED_RUNS,
            0,
            spec.maxInstances() != null
                ? spec.maxInstances()
                : SchedulerOptions.DEFAULT_MAX_INSTANCES,
            null,
            Boolean.TRUE.equals(spec.paused()));
    Job added;
    lock.lock();
    try {
      JobStore store = stores.get(alias);
      if (store != null) {
        requireStorable(job, store);
      } else if (isStarted() || !alias.equals(SchedulerOptions.DEFAULT_JOB_STORE)) {
        throw unknownStore(alias);
      }
      if (spec.replaceExisting()) {
        removeEverywhere(id);
      } else if (findJob(id) != null) {
        throw new ConflictingIdException(id);
      }
      if (!isStarted()) {
        pendingJobs.put(id, job);
        if (spec.replaceExisting()) {
          pendingReplacements.add(id);
        }
        return job;
      }
      added = scheduleNew(job, store, clock.instant());
      wakeUpUnlessLater(added.nextRunTime());
    } finally {
      lock.unlock();
    }
    if (listeners.wants(EventType.JOBSTORE_JOB_ADDED)) {
      fire(new JobStoreEvent(EventType.JOBSTORE_JOB_ADDED, clock.instant(), alias, id));
    }
    return added;
  }

  /** Runs {@code task} once at {@code runDate} (the guide's {@code add_date_job}). */
  public Job addDateJob(JobFunction task, ZonedDateTime runDate) {
    return addShortcut(task, DateTrigger.of(runDate));
  }

  /** Runs {@code task} once at {@code runDate}. */
  public Job addDateJob(Runnable task, ZonedDateTime runDate) {
    return addShortcut(task, DateTrigger.of(runDate));
  }

  /** Runs the referenced task once at {@code runDate}. */
  public Job addDateJob(String task, ZonedDateTime runDate) {
    return addShortcut(task, DateTrigger.of(runDate));
  }

  /** Runs {@code task} as the interval trigger says (the guide's {@code add_interval_job}). */
  public Job addIntervalJob(JobFunction task, IntervalTrigger trigger) {
    return addShortcut(task, trigger);
  }

  /** Runs {@code task} as the interval trigger says. */
  public Job addIntervalJob(Runnable task, IntervalTrigger trigger) {
    return addShortcut(task, trigger);
  }

  /** Runs the referenced task as the interval trigger says. */
  public Job addIntervalJob(String task, IntervalTrigger trigger) {
    return addShortcut(task, trigger);
  }

  /** Runs {@code task} every {@code interval}, first one interval from now. */
  public Job addIntervalJob(JobFunction task, Duration interval) {
    return addShortcut(task, IntervalTrigger.of(interval));
  }

  /** Runs {@code task} every {@code interval}, first one interval from now. */
  public Job addIntervalJob(Runnable task, Duration interval) {
    return addShortcut(task, IntervalTrigger.of(interval));
  }

  /** Runs the referenced task every {@code interval}, first one interval from now. */
  public Job addIntervalJob(String task, Duration interval) {
    return addShortcut(task, IntervalTrigger.of(interval));
  }

  /** Runs {@code task} when the cron trigger fires (the guide's {@code add_cron_job}). */
  public Job addCronJob(JobFunction task, CronTrigger trigger) {
    return addShortcut(task, trigger);
  }

  /** Runs {@code task} when the cron trigger fires. */
  public Job addCronJob(Runnable task, CronTrigger trigger) {
    return addShortcut(task, trigger);
  }

  /** Runs the referenced task when the cron trigger fires. */
  public Job addCronJob(String task, CronTrigger trigger) {
    return addShortcut(task, trigger);
  }

  /**
   * Runs {@code task} on a crontab schedule such as {@code "30 9-17 * * mon-fri"}, in the
   * scheduler's time zone.
   *
   * @throws IllegalArgumentException if the crontab line is invalid
   */
  public Job addCronJob(JobFunction task, String crontab) {
    return addShortcut(task, CronTrigger.fromCrontab(crontab, options.timezone()));
  }

  /** Runs {@code task} on a crontab schedule, in the scheduler's time zone. */
  public Job addCronJob(Runnable task, String crontab) {
    return addShortcut(task, CronTrigger.fromCrontab(crontab, options.timezone()));
  }

  /** Runs the referenced task on a crontab schedule, in the scheduler's time zone. */
  public Job addCronJob(String task, String crontab) {
    return addShortcut(task, CronTrigger.fromCrontab(crontab, options.timezone()));
  }

  private Job addShortcut(Object task, Trigger trigger) {
    return addJob(JobSpec.builder().taskObject(task).trigger(trigger).build());
  }

  // ---------------------------------------------------------------- reading jobs

  /** Every job of every store (and the tentative ones before start), by store then run time. */
  public List<Job> getJobs() {
    lock.lock();
    try {
      List<Job> all = new ArrayList<>(pendingJobs.values());
      if (isStarted()) {
        for (JobStore store : stores.values()) {
          all.addAll(store.getAllJobs());
        }
      }
      return all;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Every job of one store.
   *
   * @throws IllegalArgumentException if there is no such store
   */
  public List<Job> getJobs(String jobStore) {
    lock.lock();
    try {
      JobStore store = stores.get(jobStore);
      List<Job> all = new ArrayList<>();
      for (Job job : pendingJobs.values()) {
        if (job.jobStore().equals(jobStore)) {
          all.add(job);
        }
      }
      if (store != null) {
        if (isStarted()) {
          all.addAll(store.getAllJobs());
        }
      } else if (all.isEmpty() && !jobStore.equals(SchedulerOptions.DEFAULT_JOB_STORE)) {
        throw unknownStore(jobStore);
      }
      return all;
    } finally {
      lock.unlock();
    }
  }

  /** The job with this id, from whichever store holds it. */
  public Optional<Job> getJob(String id) {
    lock.lock();
    try {
      return Optional.ofNullable(findJob(id));
    } finally {
      lock.unlock();
    }
  }

  /** How many runs of this job are running or queued right now. */
  public int runningInstances(String id) {
    return dispatcher.runningInstances(id);
  }

  /**
   * Writes a human-readable listing of the jobs, per store, with their triggers and next run times.
   */
  public void printJobs(Appendable out) {
    StringBuilder text = new StringBuilder();
    lock.lock();
    try {
      if (!pendingJobs.isEmpty()) {
        text.append("Pending jobs:\n");
        for (Job job : pendingJobs.values()) {
          text.append("    ").append(describe(job)).append('\n');
        }
      }
      for (Map.Entry<String, JobStore> entry : stores.entrySet()) {
        text.append("Jobstore ").append(entry.getKey()).append(":\n");
        List<Job> jobs = isStarted() ? entry.getValue().getAllJobs() : List.of();
        if (jobs.isEmpty()) {
          text.append("    No scheduled jobs\n");
        }
        for (Job job : jobs) {
          text.append("    ").append(describe(job)).append('\n');
        }
      }
      if (stores.isEmpty() && pendingJobs.isEmpty()) {
        text.append("No scheduled jobs\n");
      }
    } finally {
      lock.unlock();
    }
    try {
      out.append(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String describe(Job job) {
    String when =
        job.paused()
            ? "paused"
            : job.nextRunTime() == null
                ? "pending"
                : "next run at: " + job.nextRunTime().atZone(options.timezone());
    return job.name() + " (id: " + job.id() + ", trigger: " + job.trigger() + ", " + when + ")";
  }

  // ---------------------------------------------------------------- changing jobs

  /**
   * Removes a job (the guide's {@code unschedule_job}).
   *
   * @throws JobNotFoundException if there is no such job
   */
  public void removeJob(String id) {
    String alias;
    lock.lock();
    try {
      Job job = findJob(id);
      if (job == null) {
        throw new JobNotFoundException(id);
      }
      alias = job.jobStore();
      removeEverywhere(id);
    } finally {
      lock.unlock();
    }
    fire(new JobStoreEvent(EventType.JOBSTORE_JOB_REMOVED, clock.instant(), alias, id));
  }

  /**
   * Removes every job of a task (the guide's {@code unschedule_func}): jobs whose task reference is
   * {@code task}, for a string, or that were given this very function or runnable object.
   *
   * @return how many jobs were removed
   */
  public int removeJobsFor(Object task) {
    Objects.requireNonNull(task, "task");
    List<Job> removed = new ArrayList<>();
    lock.lock();
    try {
      for (Job job : getJobs()) {
        if (job.task().matches(task)) {
          removeEverywhere(job.id());
          removed.add(job);
        }
      }
    } finally {
      lock.unlock();
    }
    for (Job job : removed) {
      fire(
          new JobStoreEvent(
              EventType.JOBSTORE_JOB_REMOVED, clock.instant(), job.jobStore(), job.id()));
    }
    return removed.size();
  }

  /**
   * Pauses a job: it keeps its place in its store but gets no run time until resumed.
   *
   * @throws JobNotFoundException if there is no such job
   */
  public Job pauseJob(String id) {
    return modifyJob(id, JobSpec.builder().paused(true).build());
  }

  /**
   * Resumes a paused job from now: its next run time is the trigger's first time after now. A
   * trigger that will never fire again removes the job.
   *
   * @throws JobNotFoundException if there is no such job
   */
  public Job resumeJob(String id) {
    return modifyJob(id, JobSpec.builder().paused(false).build());
  }

  /**
   * Changes a job's options: every option set in {@code changes} replaces the job's (id and store
   * cannot change). A new trigger, or resuming, computes the next run time from now.
   *
   * @return the changed job
   * @throws JobNotFoundException if there is no such job
   * @throws IllegalArgumentException if {@code changes} tries to change the id or the store
   */
  public Job modifyJob(String id, JobSpec changes) {
    Objects.requireNonNull(changes, "changes");
    if (changes.id() != null && !changes.id().equals(id)) {
      throw new IllegalArgumentException(
          "id: a job's id cannot change (from '" + id + "' to '" + changes.id() + "')");
    }
    Job result;
    boolean removed = false;
    lock.lock();
    try {
      Job job = findJob(id);
      if (job == null) {
        throw new JobNotFoundException(id);
      }
      if (changes.jobStore() != null && !changes.jobStore().equals(job.jobStore())) {
        throw new IllegalArgumentException(
            "jobStore: a job cannot move between stores (from '"
                + job.jobStore()
                + "' to '"
                + changes.jobStore()
                + "'); remove it and add it again");
      }
      Task task = changes.task() != null ? tasks.taskFor(changes.task()) : job.task();
      boolean paused = changes.paused() != null ? changes.paused() : job.paused();
      Trigger trigger = changes.trigger() != null ? changes.trigger() : job.trigger();
      boolean recompute = changes.trigger() != null || (job.paused() && !paused);
      Job changed =
          new Job(
              id,
              changes.name() != null ? changes.name() : job.name(),
              task,
              changes.args() != null ? changes.args() : job.args(),
              changes.kwargs() != null ? changes.kwargs() : job.kwargs(),
              trigger,
              job.jobStore(),
              changes.executor() != null ? changes.executor() : job.executor(),
              changes.misfireGraceTime() != null
                  ? changes.misfireGraceTime()
                  : job.misfireGraceTime(),
              changes.coalesce() != null ? changes.coalesce() : job.coalesce(),
              changes.maxRuns() != null ? changes.maxRuns() : job.maxRuns(),
              job.runs(),
              changes.maxInstances() != null ? changes.maxInstances() : job.maxInstances(),
              job.nextRunTime(),
              paused);
      if (pendingJobs.containsKey(id)) {
        pendingJobs.put(id, changed);
        result = changed;
      } else {
        JobStore store = storeFor(job.jobStore());
        requireStorable(changed, store);
        Instant next = changed.nextRunTime();
        if (paused) {
          next = null;
        } else if (recompute) {
          next = firstRunTime(trigger, clock.instant());
        }
        if (!paused && next == null) {
          store.removeJob(id);
          removed = true;
          result = changed.withPaused(false, null);
        } else {
          result = changed.withPaused(paused, next);
          store.updateJob(result);
        }
        requestWakeUp();
      }
    } finally {
      lock.unlock();
    }
    if (removed) {
      LOG.log(Level.INFO, "Job " + id + " removed: its trigger will not fire again");
      fire(
          new JobStoreEvent(
              EventType.JOBSTORE_JOB_REMOVED, clock.instant(), result.jobStore(), id));
    } else {
      fire(new JobStoreEvent(EventType.JOB_MODIFIED, clock.instant(), result.jobStore(), id));
    }
    return result;
  }

  /**
   * Gives a job a new trigger; its next run time is the trigger's first time from now.
   *
   * @throws JobNotFoundException if there is no such job
   */
  public Job rescheduleJob(String id, Trigger trigger) {
    Objects.requireNonNull(trigger, "trigger");
    return modifyJob(id, JobSpec.builder().trigger(trigger).build());
  }

  /**
   * Runs a job once now, outside its schedule: its next run time and run count stay as they are.
   * The run respects {@code maxInstances}.
   *
   * @return whether the run was started ({@code false} when the job is at its maximum instances)
   * @throws JobNotFoundException if there is no such job
   * @throws IllegalStateException if the scheduler is not running
   */
  public boolean runJobNow(String id) {
    Job job;
    lock.lock();
    try {
      if (!isStarted() || state == SchedulerState.SHUT_DOWN) {
        throw new IllegalStateException("runJobNow: the scheduler is " + state + ", not running");
      }
      job = findJob(id);
      if (job == null) {
        throw new JobNotFoundException(id);
      }
    } finally {
      lock.unlock();
    }
    ZonedDateTime now = clock.instant().atZone(options.timezone());
    List<SchedulerEvent> events = new ArrayList<>(1);
    List<RunDispatcher.Run> runs = new ArrayList<>(1);
    boolean started = dispatcher.reserve(job, List.of(now), -1, false, events, runs);
    dispatcher.dispatch(events, runs);
    return started;
  }

  // ---------------------------------------------------------------- the loop

  /**
   * Runs, on the calling thread, one pass of the scheduling loop: every due run of every store is
   * listed, missed runs are reported, and the others are handed to the executor. With a synchronous
   * executor the runs happen before this returns. Used by the loop thread, and by tests and hosts
   * that drive the scheduler themselves ({@link SchedulerBuilder#runLoop(boolean)}).
   *
   * @return when the next job is due, or empty if none is (or the scheduler is not running)
   */
  public Optional<Instant> processDueJobs() {
    Map<String, JobStore> snapshot;
    lock.lock();
    try {
      if (state != SchedulerState.RUNNING) {
        return Optional.empty();
      }
      snapshot = new LinkedHashMap<>(stores);
    } finally {
      lock.unlock();
    }
    Instant wake = null;
    for (Map.Entry<String, JobStore> entry : snapshot.entrySet()) {
      Instant storeWake = processStore(entry.getKey(), entry.getValue());
      if (storeWake != null && (wake == null || storeWake.isBefore(wake))) {
        wake = storeWake;
      }
    }
    return Optional.ofNullable(wake);
  }

  /**
   * Processes one store's due jobs in batches; returns when the store next needs a look. Runs and
   * events of a batch are dispatched only once the store has written the batch back, and dropped
   * (with their instances released) if it failed.
   */
  private Instant processStore(String alias, JobStore store) {
    while (true) {
      List<SchedulerEvent> events = new ArrayList<>();
      List<RunDispatcher.Run> runs = new ArrayList<>();
      int processed = 0;
      Instant wake;
      lock.lock();
      try {
        if (state != SchedulerState.RUNNING || stores.get(alias) != store) {
          return null;
        }
        Instant now = clock.instant();
        ZonedDateTime zonedNow = now.atZone(options.timezone());
        wake = storeRetry.retryAt(alias);
        if (wake != null && now.isBefore(wake)) {
          return wake;
        }
        try {
          processed =
              store.processDueJobs(
                  now,
                  BATCH_SIZE,
                  (job, storeRunning) ->
                      processJob(job, storeRunning, now, zonedNow, events, runs));
          wake = processed < BATCH_SIZE ? store.getNextRunTime().orElse(null) : null;
          Optional<Duration> poll = store.pollInterval();
          if (poll.isPresent()) {
            Instant pollAt = now.plus(poll.get());
            wake = wake == null || pollAt.isBefore(wake) ? pollAt : wake;
          }
          storeRetry.succeeded(alias);
        } catch (RuntimeException e) {
          runs.forEach(RunDispatcher.Run::cancel);
          runs.clear();
          events.clear();
          processed = 0;
          wake = storeRetry.failed(alias, now, e);
        }
      } finally {
        lock.unlock();
      }
      dispatcher.dispatch(events, runs);
      if (processed < BATCH_SIZE) {
        return wake;
      }
    }
  }

  /** Decides one due job: which runs start, which are missed, and the job's next state. */
  // @GuardedBy("lock")
  private DueJobProcessor.Outcome processJob(
      Job job,
      int storeRunning,
      Instant now,
      ZonedDateTime zonedNow,
      List<SchedulerEvent> events,
      List<RunDispatcher.Run> runs) {
    DueRuns due = DueRuns.list(job, zonedNow);
    int runCount = job.runs();
    List<ZonedDateTime> toRun = new ArrayList<>(due.fireTimes().size());
    for (ZonedDateTime fireTime : due.fireTimes()) {
      if (job.maxRuns() != SchedulerOptions.UNLIMITED_RUNS
          && runCount + toRun.size() >= job.maxRuns()) {
        break;
      }
      Duration lateness = Duration.between(fireTime.toInstant(), now);
      if (lateness.compareTo(job.misfireGraceTime()) > 0) {
        LOG.log(
            Level.WARNING,
            "Run of job " + job.id() + " at " + fireTime + " was missed by " + lateness);
        events.add(dispatcher.jobEvent(EventType.JOB_MISSED, job, fireTime, null, null, null));
      } else if (!job.task().isResolved()) {
        reportUnresolved(job, fireTime, events);
      } else {
        toRun.add(fireTime);
      }
    }
    boolean started =
        !toRun.isEmpty() && dispatcher.reserve(job, toRun, storeRunning, true, events, runs);
    Instant startedFireTime = null;
    if (started) {
      runCount += toRun.size();
      startedFireTime = toRun.get(0).toInstant();
    }
    Instant next = due.next() == null ? null : due.next().toInstant();
    boolean finished =
        next == null
            || (job.maxRuns() != SchedulerOptions.UNLIMITED_RUNS && runCount >= job.maxRuns());
    if (finished) {
      reportedUnresolved.remove(job.id());
      LOG.log(
          Level.DEBUG,
          () ->
              "Job "
                  + job.id()
                  + " removed: "
                  + (next == null ? "no more fire times" : "max runs"));
      if (listeners.wants(EventType.JOBSTORE_JOB_REMOVED)) {
        events.add(
            new JobStoreEvent(EventType.JOBSTORE_JOB_REMOVED, now, job.jobStore(), job.id()));
      }
      return new DueJobProcessor.Outcome(null, startedFireTime);
    }
    return new DueJobProcessor.Outcome(job.withRuns(runCount, next), startedFireTime);
  }

  private void reportUnresolved(Job job, ZonedDateTime fireTime, List<SchedulerEvent> events) {
    if (reportedUnresolved.add(job.id())) {
      SchedulerException problem =
          new SchedulerException(
              "Job "
                  + job.id()
                  + " skipped: its task '"
                  + job.task().reference()
                  + "' cannot be resolved ("
                  + job.task().problem()
                  + "); the job is kept in store '"
                  + job.jobStore()
                  + "'");
      LOG.log(Level.ERROR, problem.getMessage());
      events.add(dispatcher.jobEvent(EventType.JOB_ERROR, job, fireTime, null, null, problem));
    }
  }

  private void loop() {
    LOG.log(Level.DEBUG, "Scheduler loop started");
    while (true) {
      Optional<Instant> next;
      try {
        next = processDueJobs();
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "Error while processing jobs; retrying in 1 s", e);
        next = Optional.of(clock.instant().plusSeconds(1));
      }
      lock.lock();
      try {
        if (state == SchedulerState.SHUT_DOWN) {
          return;
        }
        if (options.standalone()
            && state == SchedulerState.RUNNING
            && next.isEmpty()
            && dispatcher.runsInFlight() == 0
            && !wakeUpRequested) {
          LOG.log(Level.INFO, "No jobs left; the standalone scheduler stops");
          return;
        }
        if (!wakeUpRequested) {
          Duration wait =
              next.map(time -> Duration.between(clock.instant(), time)).orElse(MAX_WAIT);
          if (wait.compareTo(MAX_WAIT) > 0) {
            wait = MAX_WAIT;
          }
          if (!wait.isNegative() && !wait.isZero()) {
            loopSleepsUntil = clock.instant().plus(wait);
            try {
              wakeUp.await(wait.toNanos(), TimeUnit.NANOSECONDS);
            } finally {
              loopSleepsUntil = null;
            }
          }
        }
        wakeUpRequested = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Wakes the loop: a store learned of a change made elsewhere, or a standalone run ended. */
  private void wakeUpLoop() {
    lock.lock();
    try {
      requestWakeUp();
    } finally {
      lock.unlock();
    }
  }

  // @GuardedBy("lock")
  private void requestWakeUp() {
    wakeUpRequested = true;
    wakeUp.signalAll();
  }

  /**
   * Wakes the loop for a job due at {@code next}, unless the loop sleeps and wakes up by itself no
   * later than that (adding many future jobs then costs no wake-up each).
   */
  // @GuardedBy("lock")
  private void wakeUpUnlessLater(Instant next) {
    Instant sleepsUntil = loopSleepsUntil;
    if (next == null
        || sleepsUntil == null
        || next.isBefore(sleepsUntil)
        || !clock.instant().isBefore(sleepsUntil)) {
      requestWakeUp();
    }
  }

  // @GuardedBy("lock")
  private boolean isStarted() {
    return state != SchedulerState.STOPPED;
  }

  // @GuardedBy("lock")
  private void requireState(SchedulerState expected, String operation) {
    if (state != expected) {
      throw new IllegalStateException(
          operation + ": the scheduler is " + state + ", expected " + expected);
    }
  }

  // @GuardedBy("lock")
  private JobStore storeFor(String alias) {
    JobStore store = stores.get(alias);
    if (store == null) {
      throw unknownStore(alias);
    }
    return store;
  }

  // @GuardedBy("lock")
  private IllegalArgumentException unknownStore(String alias) {
    return new IllegalArgumentException(
        "jobStore: no job store '" + alias + "'; stores: " + stores.keySet());
  }

  private static void requireStorable(Job job, JobStore store) {
    if (store.isPersistent() && !job.task().isPersistable()) {
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
    if (store.isPersistent()) {
      JobCodec.requireEncodable(job);
    }
  }

  // @GuardedBy("lock")
  private Job findJob(String id) {
    Job pending = pendingJobs.get(id);
    return pending != null || !isStarted() ? pending : storedJob(id);
  }

  /** The job with this id in one of the (started) stores, or {@code null}. */
  // @GuardedBy("lock")
  private Job storedJob(String id) {
    for (JobStore store : stores.values()) {
      Optional<Job> job = store.lookupJob(id);
      if (job.isPresent()) {
        return job.get();
      }
    }
    return null;
  }

  // @GuardedBy("lock")
  private void removeEverywhere(String id) {
    if (pendingJobs.remove(id) != null) {
      pendingReplacements.remove(id);
      return;
    }
    if (isStarted()) {
      removeStored(id);
    }
  }

  // @GuardedBy("lock")
  private void removeStored(String id) {
    for (JobStore store : stores.values()) {
      if (store.lookupJob(id).isPresent()) {
        store.removeJob(id);
        reportedUnresolved.remove(id);
        return;
      }
    }
  }

  /** Computes the first run time and stores a job; a trigger that never fires is refused. */
  // @GuardedBy("lock")
  private Job scheduleNew(Job job, JobStore store, Instant now) {
    requireStorable(job, store);
    Instant next = null;
    if (!job.paused()) {
      next = firstRunTime(job.trigger(), now);
      if (next == null) {
        throw new IllegalArgumentException(
            "trigger: job '"
                + job.id()
                + "' would never run: "
                + job.trigger()
                + " has no fire time after "
                + now.atZone(options.timezone()));
      }
    }
    Job scheduled = job.withNextRunTime(next);
    store.addJob(scheduled);
    return scheduled;
  }

  private Instant firstRunTime(Trigger trigger, Instant now) {
    return trigger
        .nextFireTime(null, now.atZone(options.timezone()))
        .map(ZonedDateTime::toInstant)
        .orElse(null);
  }

  private void fire(SchedulerEvent event) {
    listeners.fire(event);
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "Scheduler[" + state() + "]";
  }
}
