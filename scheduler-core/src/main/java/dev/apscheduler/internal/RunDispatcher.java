package dev.apscheduler.internal;

import dev.apscheduler.Job;
import dev.apscheduler.JobContext;
import dev.apscheduler.JobRunInterceptor;
import dev.apscheduler.PendingRetry;
import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.event.SchedulerEvent;
import dev.apscheduler.executor.JobExecutor;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.store.JobStore;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs what the scheduler decided: reserves an instance of a job (at most {@code maxInstances},
 * counting what a shared store reports as running on other schedulers), hands runs to the executor
 * (a burst through one shared queue drained by at most one task per worker, so a burst wakes a few
 * workers rather than one per run), reports each run's outcome, releases the instance and tells a
 * store that tracks runs that one ended, and lets shutdown wait for the runs in flight (for a
 * bounded time, then interrupt them).
 *
 * <p>Whatever a run throws, {@code Error}s included, its instance is released and its outcome
 * reported; a run that starts later than its job's misfire grace time (queued behind a busy pool)
 * is reported missed instead of run.
 *
 * <p>Thread-safe: the loop reserves and dispatches while workers run and release.
 */
public final class RunDispatcher {

  private static final System.Logger LOG = System.getLogger(RunDispatcher.class.getName());

  private final JobExecutor executor;
  private final Clock clock;
  private final Listeners listeners;
  private final JobRunInterceptor interceptor;
  private final Function<String, JobStore> stores;
  private final RunHistoryRecorder history;
  private final Runnable onRunFinished;
  private final Retries retries;

  private final InstanceCounts instances = new InstanceCounts();

  /** Runs handed over and not yet taken by a worker (executors of known size only). */
  private final RunQueue queuedRuns;

  private final AtomicInteger runsInFlight = new AtomicInteger();
  private final Object runsIdle = new Object();

  /**
   * The threads that have run a job, each with the run it executes now: a shutdown whose time ran
   * out interrupts them. A thread registers once, so a run costs two field writes, not a map
   * update.
   */
  private final Set<Worker> workers = ConcurrentHashMap.newKeySet();

  /** Set at shutdown's deadline: runs that have not started yet are dropped. */
  private volatile boolean closed;

  /** The current thread as a worker (its own run is not waited for by a shutdown it calls). */
  private final ThreadLocal<Worker> worker = ThreadLocal.withInitial(this::registerWorker);

  /** A thread that runs jobs, and the run it executes now ({@code null} between runs). */
  private static final class Worker {
    final Thread thread = Thread.currentThread();
    volatile Run current;
  }

  /**
   * Creates a dispatcher.
   *
   * @param stores the store of an alias, told when a tracked run ends (or {@code null} if gone)
   * @param history where each run's outcome is recorded
   * @param onRunFinished called after every run (the standalone loop wakes on it)
   * @param wakeUp called when a retry of a failed run was stored ({@link Retries})
   */
  public RunDispatcher(
      JobExecutor executor,
      Clock clock,
      Listeners listeners,
      JobRunInterceptor interceptor,
      Function<String, JobStore> stores,
      RunHistoryRecorder history,
      Runnable onRunFinished,
      Runnable wakeUp) {
    this.retries =
        new Retries(
            stores,
            clock,
            listeners,
            history,
            () -> ThreadLocalRandom.current().nextDouble(),
            wakeUp);
    this.executor = executor;
    this.queuedRuns = new RunQueue(executor, () -> closed);
    this.clock = clock;
    this.listeners = listeners;
    this.interceptor = interceptor;
    this.stores = stores;
    this.history = history;
    this.onRunFinished = onRunFinished;
  }

  /**
   * Reserves an instance of the job and adds its run to {@code runs}; at the maximum instances it
   * adds {@code JOB_MAX_INSTANCES} events instead.
   *
   * @param fireTimes the fire times the run stands for, run in order as one instance
   * @param retry the retry the run is (of one fire time), or {@code null} for a first attempt
   * @param storeRunning runs of the job its store records on any scheduler, or -1
   * @param storeTracked whether the store records this run (and must hear when it ends)
   * @param clockOffset how far the store's clock is ahead of the scheduler's: added to the start
   *     time when the run's lateness is checked
   * @return whether the run was reserved (a retry that was not is not reported: it waits)
   */
  boolean reserve(
      Job job,
      List<ZonedDateTime> fireTimes,
      PendingRetry retry,
      int storeRunning,
      boolean storeTracked,
      Duration clockOffset,
      List<SchedulerEvent> events,
      List<Run> runs) {
    int attempt = retry == null ? 1 : retry.attempt();
    boolean reserved = instances.reserve(job, storeRunning);
    if (!reserved && retry != null) {
      return false; // a retry waits for an instance instead (RetryPlanner)
    }
    if (!reserved) {
      LOG.log(
          Level.WARNING,
          "Run of job "
              + job.id()
              + " at "
              + fireTimes
              + " skipped: maximum number of running instances reached ("
              + job.maxInstances()
              + ")");
      for (ZonedDateTime fireTime : fireTimes) {
        history.record(job, fireTime, attempt, null, RunOutcome.SKIPPED_MAX_INSTANCES, null);
        events.add(attemptEvent(EventType.JOB_MAX_INSTANCES, job, fireTime, attempt));
      }
      return false;
    }
    runsInFlight.incrementAndGet();
    if (listeners.wants(EventType.JOB_SUBMITTED)) {
      for (ZonedDateTime fireTime : fireTimes) {
        events.add(attemptEvent(EventType.JOB_SUBMITTED, job, fireTime, attempt));
      }
    }
    runs.add(new Run(job, fireTimes, storeTracked, clockOffset, retry));
    return true;
  }

  /**
   * Runs {@code job} once for {@code now}, outside its schedule and within its {@code
   * maxInstances}.
   *
   * @return whether the run was started
   */
  public boolean runNow(Job job, ZonedDateTime now) {
    JobStore store = stores.apply(job.jobStore());
    boolean recorded = store == null || store.tryStartRun(job, now.toInstant());
    List<SchedulerEvent> events = new ArrayList<>(1);
    List<Run> runs = new ArrayList<>(1);
    boolean started =
        reserve(
            job,
            List.of(now),
            null,
            recorded ? -1 : job.maxInstances(),
            recorded && store != null,
            Duration.ZERO,
            events,
            runs);
    if (recorded && !started && store != null) {
      store.runFinished(job, now.toInstant());
    }
    dispatch(events, runs);
    return started;
  }

  /** Fires {@code events}, then hands {@code runs} to the executor. */
  void dispatch(List<SchedulerEvent> events, List<Run> runs) {
    for (SchedulerEvent event : events) {
      listeners.fire(event);
    }
    int maxThreads = executor.maxThreads();
    if (maxThreads > 0 && runs.size() > 1) {
      queuedRuns.submit(runs, maxThreads);
      return;
    }
    for (int i = 0; i < runs.size(); i++) {
      try {
        executor.execute(runs.get(i));
      } catch (RejectedExecutionException e) {
        LOG.log(
            Level.WARNING,
            "The executor refused " + (runs.size() - i) + " run(s); they are dropped",
            e);
        for (int j = i; j < runs.size(); j++) {
          runs.get(j).cancel();
        }
        return;
      }
    }
  }

  /** How many runs of this job are running or queued. */
  public int runningInstances(String jobId) {
    return instances.of(jobId);
  }

  /** How many runs are running or queued, of all jobs. */
  public int runsInFlight() {
    return runsInFlight.get();
  }

  /**
   * Waits until no run is in flight, except the calling job's own when a job shuts the scheduler
   * down from inside its run, or until {@code timeout} has passed ({@code null}: no limit). The
   * timeout is real time, whatever the scheduler's clock says.
   *
   * @return whether every run finished
   */
  public boolean awaitRunsFinished(Duration timeout) {
    int own = worker.get().current != null ? 1 : 0;
    long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
    synchronized (runsIdle) {
      while (runsInFlight.get() > own) {
        try {
          if (timeout == null) {
            runsIdle.wait();
          } else {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              return false;
            }
            runsIdle.wait(Math.max(1, left / 1_000_000));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Drops the runs that have not started and interrupts those executing (a shutdown whose time ran
   * out), logging each one.
   *
   * @return how many executing runs were interrupted
   */
  public int abandonRuns() {
    closed = true;
    Run queued;
    while ((queued = queuedRuns.poll()) != null) {
      queued.drop("the scheduler shut down before it started");
    }
    int interrupted = 0;
    for (Worker each : workers) {
      Run run = each.current;
      if (run == null || each.thread == Thread.currentThread()) {
        continue;
      }
      LOG.log(
          Level.WARNING,
          "Run of job "
              + run.job.id()
              + " at "
              + run.fireTimes.get(0)
              + " still going at the shutdown deadline; interrupting it");
      each.thread.interrupt();
      interrupted++;
    }
    return interrupted;
  }

  /**
   * Whether a run of {@code fireTime} starting at {@code start} is later than {@code grace}; on the
   * path of every run, so it allocates nothing.
   */
  static boolean startsTooLate(ZonedDateTime fireTime, Instant start, Duration grace) {
    long seconds = start.getEpochSecond() - fireTime.toEpochSecond() - grace.getSeconds();
    long nanos = (long) start.getNano() - fireTime.getNano() - grace.getNano();
    seconds += Math.floorDiv(nanos, 1_000_000_000L);
    nanos = Math.floorMod(nanos, 1_000_000_000L);
    return seconds > 0 || (seconds == 0 && nanos > 0);
  }

  /** Registers the current thread as a worker, forgetting threads that have ended. */
  private Worker registerWorker() {
    workers.removeIf(each -> !each.thread.isAlive());
    Worker self = new Worker();
    workers.add(self);
    return self;
  }

  /** Records attempt {@code attempt} of {@code job} for {@code fireTime} that never started. */
  void recordNotStarted(Job job, ZonedDateTime fireTime, int attempt, RunOutcome outcome) {
    history.record(job, fireTime, attempt, null, outcome, null);
  }

  /** The scheduler clock's current instant. */
  Instant now() {
    return clock.instant();
  }

  /** A job event now, by the scheduler's clock. */
  JobEvent jobEvent(
      EventType type,
      Job job,
      ZonedDateTime fireTime,
      Instant start,
      Object result,
      Throwable exception) {
    return new JobEvent(
        type, clock.instant(), job.id(), job.jobStore(), fireTime, start, result, exception);
  }

  /** A job event of attempt {@code attempt} at {@code fireTime}, with no run outcome. */
  JobEvent attemptEvent(EventType type, Job job, ZonedDateTime fireTime, int attempt) {
    return retries.event(type, job, fireTime, null, null, null, attempt);
  }

  /**
   * A run that holds a reserved instance of its job until it has run or is cancelled. Not
   * thread-safe: run or cancel it once.
   */
  final class Run implements Runnable {
    private final Job job;
    private final List<ZonedDateTime> fireTimes;
    private final boolean storeTracked;
    private final Duration clockOffset;
    private final int attempt;

    /** When the run was due, if not at its fire time (a retry): lateness counts from here. */
    private final Instant dueAt;

    /**
     * The job as this run's due pass removed it, and its runs by then (a retry adds it back); the
     * job's last state is made only if a retry needs it.
     */
    private Job finishedJob;

    private int finishedRuns;

    private Run(
        Job job,
        List<ZonedDateTime> fireTimes,
        boolean storeTracked,
        Duration clockOffset,
        PendingRetry retry) {
      this.job = job;
      this.fireTimes = fireTimes;
      this.storeTracked = storeTracked;
      this.clockOffset = clockOffset;
      this.attempt = retry == null ? 1 : retry.attempt();
      this.dueAt = retry == null ? null : retry.dueAt();
    }

    /** Marks the run as the last of {@code job}, which its due pass removed after {@code runs}. */
    void finishesJob(Job job, int runs) {
      finishedJob = job;
      finishedRuns = runs;
    }

    /**
     * Runs the job once for each fire time, in order, as one instance; a fire time whose start is
     * later than the misfire grace time is reported missed instead.
     */
    @Override
    public void run() {
      if (closed) {
        drop("the scheduler shut down before it started");
        return;
      }
      Worker self = worker.get();
      self.current = this;
      try {
        for (ZonedDateTime fireTime : fireTimes) {
          runOnce(fireTime);
        }
      } finally {
        self.current = null;
        release();
      }
    }

    private void runOnce(ZonedDateTime fireTime) {
      Instant start = clockOffset.isZero() ? clock.instant() : clock.instant().plus(clockOffset);
      if (dueAt == null
          ? startsTooLate(fireTime, start, job.misfireGraceTime())
          : Duration.between(dueAt, start).compareTo(job.misfireGraceTime()) > 0) {
        Duration lateness = Duration.between(fireTime.toInstant(), start);
        LOG.log(
            Level.WARNING,
            "Run of job "
                + job.id()
                + " at "
                + fireTime
                + " was missed: it could start only "
                + lateness
                + " late (the thread pool was busy)");
        history.record(job, fireTime, attempt, null, RunOutcome.MISSED, null);
        listeners.fire(attemptEvent(EventType.JOB_MISSED, job, fireTime, attempt));
        return;
      }
      Object result;
      try {
        result = interceptor.intercept(new JobContext(job, fireTime), job.task().function());
      } catch (Exception | Error e) {
        retries.failed(
            job,
            finishedJob == null ? null : finishedJob.withRuns(finishedRuns, null),
            fireTime,
            attempt,
            start,
            e);
        if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
          throw fatal;
        }
        return;
      }
      history.record(job, fireTime, attempt, start, RunOutcome.SUCCESS, null);
      if (listeners.wants(EventType.JOB_EXECUTED)) {
        listeners.fire(
            retries.event(EventType.JOB_EXECUTED, job, fireTime, start, result, null, attempt));
      }
    }

    /** The job this run runs. */
    Job job() {
      return job;
    }

    /** Gives up the run, reporting its fire times as missed. */
    void drop(String why) {
      LOG.log(Level.WARNING, "Run of job " + job.id() + " at " + fireTimes + " dropped: " + why);
      try {
        for (ZonedDateTime fireTime : fireTimes) {
          history.record(job, fireTime, attempt, null, RunOutcome.MISSED, null);
          listeners.fire(attemptEvent(EventType.JOB_MISSED, job, fireTime, attempt));
        }
      } finally {
        release();
      }
    }

    /** Gives up the run without running it, releasing its instance. */
    void cancel() {
      release();
    }

    private void release() {
      instances.release(job.id());
      if (storeTracked) {
        JobStore store = stores.apply(job.jobStore());
        if (store != null) {
          try {
            store.runFinished(job, fireTimes.get(0).toInstant());
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Store could not record the end of a run of " + job.id(), e);
          }
        }
      }
      if (runsInFlight.decrementAndGet() <= 1) {
        synchronized (runsIdle) {
          runsIdle.notifyAll();
        }
      }
      onRunFinished.run();
    }
  }
}
