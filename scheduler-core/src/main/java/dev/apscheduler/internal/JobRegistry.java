package dev.apscheduler.internal;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.JobNotFoundException;
import dev.apscheduler.JobSpec;
import dev.apscheduler.SchedulerException;
import dev.apscheduler.SchedulerOptions;
import dev.apscheduler.Task;
import dev.apscheduler.TaskRegistry;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.trigger.Trigger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where jobs are added, found, changed and removed: the tentative jobs held until the scheduler
 * starts, and the jobs in the stores afterwards. Ids are unique across stores; a job is checked in
 * full (its task storable, its arguments encodable, its trigger firing at least once) before any
 * store is touched, so a refused job changes nothing, and replacing a job is atomic.
 *
 * <p>Changes to a stored job are conditional: they apply only if no due pass moved the job on since
 * it was read, and are recomputed otherwise, so a change never brings back a fire time that ran.
 *
 * <p>Thread-safe. Operations on one id are serialised by a striped lock; no scheduler-wide lock is
 * held while a store works.
 */
public final class JobRegistry {

  private static final System.Logger LOG = System.getLogger(JobRegistry.class.getName());

  /** How often a change is recomputed when due passes keep moving the job on. */
  private static final int MAX_CHANGE_ATTEMPTS = 10;

  private static final int ID_LOCK_STRIPES = 64;

  private final SchedulerOptions options;
  private final Clock clock;
  private final TaskRegistry tasks;
  private final StoreSet stores;
  private final RunLoop loop;
  private final ReentrantLock[] idLocks = new ReentrantLock[ID_LOCK_STRIPES];

  private final Object pendingLock = new Object();
  // @GuardedBy("pendingLock") jobs added before start, in order
  private final Map<String, Job> pending = new LinkedHashMap<>();
  // @GuardedBy("pendingLock") ids of pending jobs that replace a stored job of the same id
  private final Set<String> pendingReplacements = new HashSet<>();
  private volatile boolean started;

  /** Creates the registry over {@code stores}; changes wake {@code loop}. */
  public JobRegistry(
      SchedulerOptions options, Clock clock, TaskRegistry tasks, StoreSet stores, RunLoop loop) {
    this.options = options;
    this.clock = clock;
    this.tasks = tasks;
    this.stores = stores;
    this.loop = loop;
    for (int i = 0; i < ID_LOCK_STRIPES; i++) {
      idLocks[i] = new ReentrantLock();
    }
  }

  // ---------------------------------------------------------------- adding

  /**
   * Adds a job: tentative before start, stored with its first run time afterwards.
   *
   * @return the job as held
   */
  public Job add(JobSpec spec) {
    Job job = newJob(spec);
    if (holdUntilStart(job, spec.replaceExisting())) {
      return job;
    }
    JobStore store = stores.require(job.jobStore());
    Job scheduled = scheduleFirst(job, store, clock.instant());
    ReentrantLock lock = lockId(job.id());
    try {
      if (spec.replaceExisting()) {
        replace(scheduled, store);
      } else {
        requireFreeElsewhere(job.id(), store);
        store.addJob(scheduled);
      }
    } finally {
      lock.unlock();
    }
    loop.wakeUpFor(scheduled.nextRunTime());
    return scheduled;
  }

  /**
   * Adds several jobs, all or none per store: every job is checked first, then each store gets its
   * jobs in one batched write.
   *
   * @return the jobs as held, in the order given
   */
  public List<Job> addAll(List<JobSpec> specs) {
    List<Job> jobs = new ArrayList<>(specs.size());
    Set<String> ids = new HashSet<>();
    for (JobSpec spec : specs) {
      if (spec.replaceExisting()) {
        throw new IllegalArgumentException(
            "replaceExisting: not supported by addJobs (job '"
                + spec.id()
                + "'); add replacing jobs one by one with addJob");
      }
      Job job = newJob(spec);
      if (!ids.add(job.id())) {
        throw new ConflictingIdException(job.id());
      }
      jobs.add(job);
    }
    if (!started) {
      synchronized (pendingLock) {
        if (!started) {
          for (Job job : jobs) {
            requireKnownStore(job);
            if (pending.containsKey(job.id())) {
              throw new ConflictingIdException(job.id());
            }
          }
          jobs.forEach(job -> pending.put(job.id(), job));
          return jobs;
        }
      }
    }
    Instant now = clock.instant();
    Map<String, List<Job>> byStore = new LinkedHashMap<>();
    List<Job> scheduled = new ArrayList<>(jobs.size());
    for (Job job : jobs) {
      JobStore store = stores.require(job.jobStore());
      Job first = scheduleFirst(job, store, now);
      if (stores.all().size() > 1) {
        requireFreeElsewhere(job.id(), store);
      }
      byStore.computeIfAbsent(job.jobStore(), alias -> new ArrayList<>()).add(first);
      scheduled.add(first);
    }
    Instant earliest = null;
    for (Map.Entry<String, List<Job>> entry : byStore.entrySet()) {
      stores.require(entry.getKey()).addJobs(entry.getValue());
      for (Job job : entry.getValue()) {
        if (earliest == null || job.nextRunTime() != null && job.nextRunTime().isBefore(earliest)) {
          earliest = job.nextRunTime();
        }
      }
    }
    loop.wakeUpFor(earliest);
    return scheduled;
  }

  /**
   * Stores the tentative jobs now that the stores are started: each gets its first run time. A job
   * that cannot be stored is logged and dropped; a stored job of the same id is kept unless the
   * tentative job replaces it.
   */
  public void start(Instant now) {
    List<Job> jobs;
    Set<String> replacements;
    synchronized (pendingLock) {
      started = true;
      jobs = new ArrayList<>(pending.values());
      replacements = new HashSet<>(pendingReplacements);
      pending.clear();
      pendingReplacements.clear();
    }
    for (Job job : jobs) {
      try {
        JobStore store = stores.require(job.jobStore());
        Job scheduled = scheduleFirst(job, store, now);
        if (replacements.contains(job.id())) {
          replace(scheduled, store);
        } else if (findStored(job.id()) != null) {
          LOG.log(
              Level.WARNING,
              "Job '"
                  + job.id()
                  + "' added before start is already in a store; the stored job is kept"
                  + " (use JobSpec.replaceExisting(true) to replace it)");
        } else {
          store.addJob(scheduled);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "Job '" + job.id() + "' added before start is not scheduled: " + e);
      }
    }
  }

  // ---------------------------------------------------------------- reading

  /** The job with this id: tentative, or from whichever store holds it. */
  public Optional<Job> find(String id) {
    if (!started) {
      synchronized (pendingLock) {
        if (!started) {
          return Optional.ofNullable(pending.get(id));
        }
      }
    }
    return Optional.ofNullable(findStored(id));
  }

  /** The tentative jobs (none once started), in the order they were added. */
  public List<Job> pending() {
    synchronized (pendingLock) {
      return new ArrayList<>(pending.values());
    }
  }

  // ---------------------------------------------------------------- changing

  /**
   * Removes a job.
   *
   * @return the job removed
   * @throws JobNotFoundException if there is no such job
   */
  public Job remove(String id) {
    ReentrantLock lock = lockId(id);
    try {
      Job job = find(id).orElseThrow(() -> new JobNotFoundException(id));
      if (!removePending(id)) {
        stores.require(job.jobStore()).removeJob(id);
      }
      return job;
    } finally {
      lock.unlock();
    }
  }

  /** Removes the tentative jobs of a removed store. */
  public void forgetStore(String alias) {
    synchronized (pendingLock) {
      pending.values().removeIf(job -> job.jobStore().equals(alias));
    }
  }

  /**
   * Changes a job's options; a new trigger, or resuming, computes the next run time from now. The
   * write applies only if no due pass moved the job on meanwhile; otherwise it is recomputed.
   *
   * @return the changed job, and whether it was removed because its trigger will not fire again
   */
  public Change modify(String id, JobSpec changes) {
    if (changes.id() != null && !changes.id().equals(id)) {
      throw new IllegalArgumentException(
          "id: a job's id cannot change (from '" + id + "' to '" + changes.id() + "')");
    }
    ReentrantLock lock = lockId(id);
    try {
      for (int attempt = 0; attempt < MAX_CHANGE_ATTEMPTS; attempt++) {
        Job job = find(id).orElseThrow(() -> new JobNotFoundException(id));
        Change change = applyChange(job, changes);
        if (change != null) {
          return change;
        }
      }
    } finally {
      lock.unlock();
    }
    throw new SchedulerException(
        "Job '"
            + id
            + "' was not changed: due passes moved it on "
            + MAX_CHANGE_ATTEMPTS
            + " times while the change was computed; try again");
  }

  /**
   * The outcome of {@link #modify}.
   *
   * @param job the job as changed
   * @param removed whether the job was removed because its trigger will not fire again
   */
  public record Change(Job job, boolean removed) {}

  /** Applies {@code changes} to {@code job}; {@code null} if the store had moved the job on. */
  private Change applyChange(Job job, JobSpec changes) {
    if (changes.jobStore() != null && !changes.jobStore().equals(job.jobStore())) {
      throw new IllegalArgumentException(
          "jobStore: a job cannot move between stores (from '"
              + job.jobStore()
              + "' to '"
              + changes.jobStore()
              + "'); remove it and add it again");
    }
    boolean paused = changes.paused() != null ? changes.paused() : job.paused();
    Trigger trigger = changes.trigger() != null ? changes.trigger() : job.trigger();
    Job.Builder builder = apply(job.toBuilder(), changes).trigger(trigger).paused(paused);
    if (changes.task() != null) {
      builder.task(tasks.taskFor(changes.task()));
    }
    Job changed = builder.build();
    synchronized (pendingLock) {
      if (pending.containsKey(job.id())) {
        pending.put(job.id(), changed);
        return new Change(changed, false);
      }
    }
    JobStore store = stores.require(job.jobStore());
    requireStorable(changed, store);
    Instant next = changed.nextRunTime();
    if (changes.trigger() != null || (job.paused() && !paused)) {
      next = firstRunTime(trigger, clock.instant());
    }
    if (!paused && next == null) {
      store.removeJob(job.id());
      return new Change(changed.withPaused(false, null), true);
    }
    Job result = changed.withPaused(paused, next);
    if (!store.updateJobIfUnchanged(job, result)) {
      return null;
    }
    loop.wakeUpFor(result.nextRunTime());
    return new Change(result, false);
  }

  // ---------------------------------------------------------------- helpers

  /** The one way a spec becomes a job: the spec's options, or the scheduler's defaults. */
  private Job newJob(JobSpec spec) {
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
            .jobStore(
                spec.jobStore() != null ? spec.jobStore() : SchedulerOptions.DEFAULT_JOB_STORE)
            .misfireGraceTime(options.misfireGraceTime())
            .coalesce(options.coalesce())
            .paused(Boolean.TRUE.equals(spec.paused()));
    return apply(job, spec).build();
  }

  /** Sets on {@code job} every option {@code spec} sets but the task, trigger, store and pause. */
  private static Job.Builder apply(Job.Builder job, JobSpec spec) {
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
    return job;
  }

  /** Holds {@code job} as tentative if the scheduler has not started; whether it did. */
  private boolean holdUntilStart(Job job, boolean replaceExisting) {
    if (started) {
      return false;
    }
    synchronized (pendingLock) {
      if (started) {
        return false;
      }
      requireKnownStore(job);
      if (!replaceExisting && pending.containsKey(job.id())) {
        throw new ConflictingIdException(job.id());
      }
      pending.put(job.id(), job);
      if (replaceExisting) {
        pendingReplacements.add(job.id());
      }
      return true;
    }
  }

  private void requireKnownStore(Job job) {
    JobStore store = stores.get(job.jobStore());
    if (store != null) {
      requireStorable(job, store);
    } else if (!job.jobStore().equals(SchedulerOptions.DEFAULT_JOB_STORE)) {
      throw stores.unknown(job.jobStore());
    }
  }

  private boolean removePending(String id) {
    synchronized (pendingLock) {
      pendingReplacements.remove(id);
      return pending.remove(id) != null;
    }
  }

  /**
   * Replaces the job of the same id, wherever it is, by {@code job}: in one atomic store call when
   * it is in the same store; otherwise the new job is added before the old one is removed.
   */
  private void replace(Job job, JobStore store) {
    Job old = findStored(job.id());
    if (old == null || old.jobStore().equals(job.jobStore())) {
      store.replaceJob(job);
      return;
    }
    store.addJob(job);
    try {
      stores.require(old.jobStore()).removeJob(job.id());
    } catch (JobNotFoundException gone) {
      LOG.log(Level.DEBUG, "Replaced job " + job.id() + " was already gone from its store");
    }
  }

  private void requireFreeElsewhere(String id, JobStore target) {
    for (JobStore store : stores.all().values()) {
      if (store != target && store.lookupJob(id).isPresent()) {
        throw new ConflictingIdException(id);
      }
    }
  }

  /** The job with this id in one of the stores, or {@code null}. */
  private Job findStored(String id) {
    for (JobStore store : stores.all().values()) {
      Optional<Job> job = store.lookupJob(id);
      if (job.isPresent()) {
        return job.get();
      }
    }
    return null;
  }

  /** Checks {@code job} for {@code store} and gives it its first run time (none if paused). */
  private Job scheduleFirst(Job job, JobStore store, Instant now) {
    requireStorable(job, store);
    if (job.paused()) {
      return job.withNextRunTime(null);
    }
    Instant next = firstRunTime(job.trigger(), now);
    if (next == null) {
      throw new IllegalArgumentException(
          "trigger: job '"
              + job.id()
              + "' would never run: "
              + job.trigger()
              + " has no fire time after "
              + now.atZone(options.timezone()));
    }
    return job.withNextRunTime(next);
  }

  private Instant firstRunTime(Trigger trigger, Instant now) {
    ZoneId zone = options.timezone();
    return trigger.nextFireTime(null, now.atZone(zone)).map(ZonedDateTime::toInstant).orElse(null);
  }

  private static void requireStorable(Job job, JobStore store) {
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

  private ReentrantLock lockId(String id) {
    ReentrantLock lock = idLocks[Math.floorMod(id.hashCode(), ID_LOCK_STRIPES)];
    lock.lock();
    return lock;
  }
}
