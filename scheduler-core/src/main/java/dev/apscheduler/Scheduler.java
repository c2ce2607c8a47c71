package dev.apscheduler;

import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobStoreEvent;
import dev.apscheduler.event.SchedulerEvent;
import dev.apscheduler.event.SchedulerListener;
import dev.apscheduler.executor.JobExecutor;
import dev.apscheduler.history.RunHistoryQuery;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.history.RunRetention;
import dev.apscheduler.internal.JobListing;
import dev.apscheduler.internal.JobRegistry;
import dev.apscheduler.internal.Lifecycle;
import dev.apscheduler.internal.Listeners;
import dev.apscheduler.internal.RunDispatcher;
import dev.apscheduler.internal.RunHistoryRecorder;
import dev.apscheduler.internal.RunLoop;
import dev.apscheduler.internal.StoreSet;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.JobStoreContext;
import dev.apscheduler.store.JsonCodec;
import dev.apscheduler.trigger.Trigger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs jobs at the times their triggers give, from one or more job stores, on a thread pool.
 *
 * <p>Typical use: build, add jobs, {@link #start()}, and {@link #shutdown()} when the application
 * ends. Jobs added before {@code start()} are tentative: their first run time is computed at start,
 * and they do not run retroactively.
 *
 * <p>This class is the public facade; the work is done in {@code dev.apscheduler.internal}: the
 * {@link RunLoop} (state, loop and wake-up, due passes), the {@link JobRegistry} (adding, finding,
 * changing jobs), the {@link JobListing}, and the {@link RunDispatcher} (instances and the pool).
 *
 * <p>Thread-safe: every public method may be called from any thread, including from inside a
 * running job; changes to jobs wake the scheduling loop at once. No lock is held while a job runs,
 * a store works or a listener is called.
 */
public final class Scheduler implements JobShortcuts, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Scheduler.class.getName());

  private final SchedulerOptions options;
  private final JobExecutor executor;
  private final Clock clock;
  private final boolean runLoop;
  private final TaskRegistry tasks;
  private final Listeners listeners = new Listeners();
  private final StoreSet stores;
  private final RunDispatcher dispatcher;
  private final RunLoop loop;
  private final JobRegistry registry;
  private final JobListing listing;
  private final RunHistoryRecorder history;
  private final Lifecycle lifecycle;

  Scheduler(
      SchedulerOptions options,
      JobExecutor executor,
      Clock clock,
      boolean runLoop,
      Map<String, JobStore> stores,
      TaskRegistry tasks,
      JobRunInterceptor runInterceptor,
      JsonCodec jsonCodec,
      RunRetention runHistory) {
    this.options = options;
    this.executor = executor;
    this.clock = clock;
    this.runLoop = runLoop;
    this.tasks = tasks;
    this.stores =
        new StoreSet(
            stores,
            alias ->
                new JobStoreContext(
                    alias, tasks, clock, listeners::fire, jsonCodec, this::wakeUpLoop));
    this.history = new RunHistoryRecorder(runHistory, clock, this.stores);
    this.dispatcher =
        new RunDispatcher(
            executor,
            clock,
            listeners,
            runInterceptor,
            this.stores::get,
            history,
            options.standalone() ? this::wakeUpLoop : () -> {},
            this::wakeUpLoop);
    this.loop = new RunLoop(options, clock, this.stores, dispatcher, listeners);
    this.registry = new JobRegistry(options, clock, tasks, this.stores, loop, listeners);
    this.listing = new JobListing(this.stores, registry, options.timezone());
    this.lifecycle =
        new Lifecycle(clock, loop, this.stores, registry, dispatcher, executor, listeners, history);
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
   * the scheduler down, when no job is left. If a store fails to start, the stores started before
   * it are closed again, the scheduler stays stopped, and the failure is thrown.
   *
   * @throws IllegalStateException if the scheduler was already started
   */
  public void start() {
    lifecycle.start();
    if (!runLoop) {
      return;
    }
    if (options.standalone()) {
      try {
        loop.runHere();
      } finally {
        shutdown(true);
      }
    } else {
      loop.launch();
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
   * @param wait whether to wait for running jobs to finish (for as long as they take)
   */
  public void shutdown(boolean wait) {
    lifecycle.shutdown(wait, null);
  }

  /**
   * Shuts down as {@link #shutdown(boolean) shutdown(true)} does, but waits at most {@code timeout}
   * in all (real time) for the loop and the running jobs. Runs still going then are interrupted and
   * logged, and runs that have not started are dropped and reported missed.
   *
   * @return whether every run finished within the timeout
   */
  public boolean shutdown(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout: must not be negative, got " + timeout);
    }
    return lifecycle.shutdown(true, timeout);
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
    loop.transition(SchedulerState.RUNNING, SchedulerState.PAUSED, "pause()");
    fire(new SchedulerEvent(EventType.SCHEDULER_PAUSED, clock.instant()));
  }

  /**
   * Resumes processing jobs after {@link #pause()}; runs that came due meanwhile are listed as
   * usual (and missed if later than their grace time).
   *
   * @throws IllegalStateException unless the scheduler is paused
   */
  public void resume() {
    loop.transition(SchedulerState.PAUSED, SchedulerState.RUNNING, "resume()");
    fire(new SchedulerEvent(EventType.SCHEDULER_RESUMED, clock.instant()));
  }

  /** The current life-cycle state. */
  public SchedulerState state() {
    return loop.state();
  }

  /** Whether the scheduler was started and not shut down (it may be paused). */
  public boolean isRunning() {
    SchedulerState current = state();
    return current == SchedulerState.RUNNING || current == SchedulerState.PAUSED;
  }

  /** The scheduler-wide options. */
  @Override
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
    stores.add(alias, store);
    loop.wakeUp();
    fire(new JobStoreEvent(EventType.JOBSTORE_ADDED, clock.instant(), alias, null));
  }

  /**
   * Removes and closes the job store {@code alias}; its jobs stay in it (a persistent store keeps
   * them for later) but this scheduler no longer runs them.
   *
   * @throws IllegalArgumentException if there is no such store
   */
  public void removeJobStore(String alias) {
    JobStore store = stores.remove(alias);
    registry.forgetStore(alias);
    loop.forgetStore(alias);
    StoreSet.closeQuietly(store);
    fire(new JobStoreEvent(EventType.JOBSTORE_REMOVED, clock.instant(), alias, null));
  }

  /** The job stores by alias, in the order they were added. */
  public Map<String, JobStore> jobStores() {
    return stores.all();
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
   * computed now. The job is checked in full before any store is touched: a refused job, or a
   * refused replacement, changes nothing.
   *
   * @return the job as stored
   * @throws IllegalArgumentException if the spec has no trigger, names an unknown store, its
   *     trigger never fires, or its task cannot be kept by a persistent store
   * @throws ConflictingIdException if the id is taken and {@code replaceExisting} is not set
   */
  @Override
  public Job addJob(JobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return registry.add(spec);
  }

  /**
   * Adds several jobs with the checks and events of {@link #addJob}, all or none per store: every
   * job is checked before any is stored, and each store writes its jobs in batched statements.
   * {@code replaceExisting} is not supported here.
   *
   * @return the jobs as stored, in the order given
   * @throws ConflictingIdException if an id is taken or repeated; no job of that store is added
   */
  public List<Job> addJobs(Collection<JobSpec> specs) {
    Objects.requireNonNull(specs, "specs");
    return registry.addAll(List.copyOf(specs));
  }

  // ---------------------------------------------------------------- reading jobs

  /** Every job of every store (and the tentative ones before start), by store then run time. */
  public List<Job> getJobs() {
    return listing.all();
  }

  /**
   * Every job of one store.
   *
   * @throws IllegalArgumentException if there is no such store
   */
  public List<Job> getJobs(String jobStore) {
    return listing.of(jobStore);
  }

  /** The job with this id, from whichever store holds it. */
  public Optional<Job> getJob(String id) {
    return registry.find(id);
  }

  /** How many runs, of all jobs, are running or queued right now. */
  public int runsInFlight() {
    return dispatcher.runsInFlight();
  }

  /** How many runs of this job are running or queued right now. */
  public int runningInstances(String id) {
    return dispatcher.runningInstances(id);
  }

  /**
   * Writes a human-readable listing of the jobs, per store, with their triggers and next run times.
   */
  public void printJobs(Appendable out) {
    try {
      out.append(listing.print());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- changing jobs

  /**
   * Removes a job (the guide's {@code unschedule_job}).
   *
   * @throws JobNotFoundException if there is no such job
   */
  public void removeJob(String id) {
    registry.remove(id);
  }

  /**
   * Removes every job of a task (the guide's {@code unschedule_func}): jobs whose task reference is
   * {@code task}, for a string, or that were given this very function or runnable object.
   *
   * @return how many jobs were removed
   */
  public int removeJobsFor(Object task) {
    Objects.requireNonNull(task, "task");
    int removed = 0;
    for (Job job : getJobs()) {
      if (job.task().matches(task)) {
        try {
          removeJob(job.id());
          removed++;
        } catch (JobNotFoundException gone) {
          LOG.log(Level.DEBUG, "Job " + job.id() + " was removed meanwhile");
        }
      }
    }
    return removed;
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
   * cannot change). A new trigger, or resuming, computes the next run time from now. A change never
   * undoes a due pass that ran meanwhile: it is recomputed from the job as the pass left it.
   *
   * @return the changed job
   * @throws JobNotFoundException if there is no such job
   * @throws IllegalArgumentException if {@code changes} tries to change the id or the store
   */
  public Job modifyJob(String id, JobSpec changes) {
    Objects.requireNonNull(changes, "changes");
    return registry.modify(id, changes);
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
    SchedulerState current = state();
    if (current != SchedulerState.RUNNING && current != SchedulerState.PAUSED) {
      throw new IllegalStateException("runJobNow: the scheduler is " + current + ", not running");
    }
    Job job = registry.find(id).orElseThrow(() -> new JobNotFoundException(id));
    return dispatcher.runNow(job, clock.instant().atZone(options.timezone()));
  }

  /** The newest {@code limit} run records of a job, newest first. */
  public List<RunRecord> getRunHistory(String jobId, int limit) {
    return history.find(RunHistoryQuery.of(jobId, limit));
  }

  /**
   * The run records {@code query} asks for (by outcome and end time), newest first, from the job's
   * store; the history of a removed job stays readable until retention purges it.
   */
  public List<RunRecord> getRunHistory(RunHistoryQuery query) {
    return history.find(Objects.requireNonNull(query, "query"));
  }

  // ---------------------------------------------------------------- test and host hook

  /**
   * Runs, on the calling thread, one pass of the scheduling loop: every due run of every store is
   * listed, missed runs are reported, and the others are handed to the executor. With a synchronous
   * executor the runs happen before this returns.
   *
   * <p>A hook for tests and for hosts that drive the scheduler themselves ({@link
   * SchedulerBuilder#runLoop(boolean) runLoop(false)}, see {@code dev.apscheduler.testing}); with
   * the loop thread running, the loop calls it.
   *
   * @return when the next job is due, or empty if none is (or the scheduler is not running)
   */
  public Optional<Instant> processDueJobs() {
    return loop.processDueJobs();
  }

  // ---------------------------------------------------------------- helpers

  /** Wakes the loop: a store learned of a change made elsewhere, or a standalone run ended. */
  private void wakeUpLoop() {
    loop.wakeUp();
  }

  private void fire(SchedulerEvent event) {
    listeners.fire(event);
  }

  @Override
  public String toString() {
    return "Scheduler[" + state() + "]";
  }
}
