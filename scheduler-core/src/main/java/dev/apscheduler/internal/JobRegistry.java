package dev.apscheduler.internal;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.JobNotFoundException;
import dev.apscheduler.JobSpec;
import dev.apscheduler.SchedulerException;
import dev.apscheduler.SchedulerOptions;
import dev.apscheduler.TaskRegistry;
import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobStoreEvent;
import dev.apscheduler.store.JobStore;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where jobs are added, found, changed and removed: the tentative jobs held until the scheduler
 * starts, and the jobs in the stores afterwards. Ids are unique across stores; a job is checked in
 * full ({@link JobFactory}) before any store is touched, so a refused job changes nothing, and
 * replacing a job is atomic.
 *
 * <p>Changes to a stored job are conditional: they apply only if no due pass moved the job on since
 * it was read, and are recomputed otherwise, so a change never brings back a fire time that ran.
 *
 * <p>Thread-safe. Operations on one id are serialised by a striped lock; no scheduler-wide lock is
 * held while a store works, and no lock at all while listeners are called.
 */
public final class JobRegistry {

  private static final System.Logger LOG = System.getLogger(JobRegistry.class.getName());

  /** How often a change is recomputed when due passes keep moving the job on. */
  private static final int MAX_CHANGE_ATTEMPTS = 10;

  private static final int ID_LOCK_STRIPES = 64;

  private final Clock clock;
  private final StoreSet stores;
  private final RunLoop loop;
  private final Listeners listeners;
  private final JobFactory factory;
  private final PendingJobs pending = new PendingJobs();
  private final ReentrantLock[] idLocks = new ReentrantLock[ID_LOCK_STRIPES];

  /** Creates the registry over {@code stores}; changes wake {@code loop} and go to listeners. */
  public JobRegistry(
      SchedulerOptions options,
      Clock clock,
      TaskRegistry tasks,
      StoreSet stores,
      RunLoop loop,
      Listeners listeners) {
    this.clock = clock;
    this.stores = stores;
    this.loop = loop;
    this.listeners = listeners;
    this.factory = new JobFactory(options, tasks);
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
    if (!pending.isDrained()) {
      Job job = factory.create(spec);
      if (pending.hold(List.of(job), spec.replaceExisting(), this::requireKnownStore)) {
        return job;
      }
    }
    JobStore store = stores.require(JobFactory.storeOf(spec));
    Job scheduled = factory.createScheduled(spec, store, storeNow(store));
    ReentrantLock lock = lockId(scheduled.id());
    try {
      if (spec.replaceExisting()) {
        replace(scheduled, store);
      } else {
        requireFreeElsewhere(scheduled.id(), store);
        store.addJob(scheduled);
      }
    } finally {
      lock.unlock();
    }
    // the listeners hear of the job before the loop is woken for it (a pass already going on
    // may still see it first)
    fire(EventType.JOBSTORE_JOB_ADDED, scheduled);
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
      Job job = factory.create(spec);
      if (!ids.add(job.id())) {
        throw new ConflictingIdException(job.id());
      }
      jobs.add(job);
    }
    if (pending.hold(jobs, false, this::requireKnownStore)) {
      return jobs;
    }
    Map<JobStore, List<Job>> byStore = new LinkedHashMap<>();
    List<Job> scheduled = new ArrayList<>(jobs.size());
    Instant earliest = null;
    for (Job job : jobs) {
      JobStore store = stores.require(job.jobStore());
      Job first = factory.scheduleFirst(job, store, storeNow(store));
      requireFreeElsewhere(job.id(), store);
      byStore.computeIfAbsent(store, s -> new ArrayList<>()).add(first);
      scheduled.add(first);
      Instant next = first.nextRunTime();
      if (next != null && (earliest == null || next.isBefore(earliest))) {
        earliest = next;
      }
    }
    byStore.forEach(JobStore::addJobs);
    scheduled.forEach(job -> fire(EventType.JOBSTORE_JOB_ADDED, job));
    loop.wakeUpFor(earliest);
    return scheduled;
  }

  /**
   * Stores the tentative jobs now that the stores are started: each gets its first run time. A job
   * that cannot be stored is logged and dropped; a stored job of the same id is kept unless the
   * tentative job replaces it.
   */
  public void start(Instant now) {
    PendingJobs.Drained drained = pending.drain();
    for (Job job : drained.jobs()) {
      try {
        JobStore store = stores.require(job.jobStore());
        Job scheduled = factory.scheduleFirst(job, store, now);
        if (drained.replacements().contains(job.id())) {
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
    if (!pending.isDrained()) {
      Job held = pending.get(id);
      if (held != null || !pending.isDrained()) {
        return Optional.ofNullable(held);
      }
    }
    return Optional.ofNullable(findStored(id));
  }

  /** The tentative jobs (none once started), in the order they were added. */
  public List<Job> pending() {
    return pending.list();
  }

  // ---------------------------------------------------------------- changing

  /**
   * Removes a job.
   *
   * @return the job removed
   * @throws JobNotFoundException if there is no such job
   */
  public Job remove(String id) {
    Job job;
    ReentrantLock lock = lockId(id);
    try {
      job = find(id).orElseThrow(() -> new JobNotFoundException(id));
      if (!pending.remove(id)) {
        stores.require(job.jobStore()).removeJob(id);
      }
    } finally {
      lock.unlock();
    }
    fire(EventType.JOBSTORE_JOB_REMOVED, job);
    return job;
  }

  /** Removes the tentative jobs of a removed store. */
  public void forgetStore(String alias) {
    pending.forgetStore(alias);
  }

  /**
   * Changes a job's options; a new trigger, or resuming, computes the next run time from now. The
   * write applies only if no due pass moved the job on meanwhile; otherwise it is recomputed.
   *
   * @return the changed job (removed if its trigger will not fire again)
   */
  public Job modify(String id, JobSpec changes) {
    if (changes.id() != null && !changes.id().equals(id)) {
      throw new IllegalArgumentException(
          "id: a job's id cannot change (from '" + id + "' to '" + changes.id() + "')");
    }
    Change change = null;
    ReentrantLock lock = lockId(id);
    try {
      for (int attempt = 0; attempt < MAX_CHANGE_ATTEMPTS && change == null; attempt++) {
        Job job = find(id).orElseThrow(() -> new JobNotFoundException(id));
        change = applyChange(job, changes);
      }
    } finally {
      lock.unlock();
    }
    if (change == null) {
      throw new SchedulerException(
          "Job '"
              + id
              + "' was not changed: due passes moved it on "
              + MAX_CHANGE_ATTEMPTS
              + " times while the change was computed; try again");
    }
    if (change.removed()) {
      LOG.log(Level.INFO, "Job " + id + " removed: its trigger will not fire again");
    }
    fire(change.removed() ? EventType.JOBSTORE_JOB_REMOVED : EventType.JOB_MODIFIED, change.job());
    return change.job();
  }

  /**
   * The outcome of one attempt at a change.
   *
   * @param job the job as changed
   * @param removed whether the job was removed because its trigger will not fire again
   */
  private record Change(Job job, boolean removed) {}

  /** The time by the clock that judges the store's due times ({@link JobStore#clockOffset}). */
  private Instant storeNow(JobStore store) {
    Instant now = clock.instant();
    Duration offset = store.clockOffset();
    return offset.isZero() ? now : now.plus(offset);
  }

  /** Applies {@code changes} to {@code job}; {@code null} if the store had moved the job on. */
  private Change applyChange(Job job, JobSpec changes) {
    Job changed = factory.change(job, changes);
    if (pending.update(changed)) {
      return new Change(changed, false);
    }
    JobStore store = stores.require(job.jobStore());
    JobFactory.requireStorable(changed, store);
    Instant next = changed.triggerNextRunTime();
    if (changes.trigger() != null || (job.paused() && !changed.paused())) {
      next = factory.firstRunTime(changed.trigger(), storeNow(store));
    }
    if (!changed.paused() && next == null && changed.pendingRetry() == null) {
      store.removeJob(job.id());
      return new Change(changed.withPaused(false, null), true);
    }
    Job result = changed.withPaused(changed.paused(), next);
    if (!store.updateJobIfUnchanged(job, result)) {
      return null;
    }
    loop.wakeUpFor(result.nextRunTime());
    return new Change(result, false);
  }

  // ---------------------------------------------------------------- helpers

  private void fire(EventType type, Job job) {
    if (listeners.wants(type)) {
      listeners.fire(new JobStoreEvent(type, clock.instant(), job.jobStore(), job.id()));
    }
  }

  /** Checks a tentative job: its store, if already known, must be able to keep it. */
  private void requireKnownStore(Job job) {
    JobStore store = stores.get(job.jobStore());
    if (store != null) {
      JobFactory.requireStorable(job, store);
    } else if (!job.jobStore().equals(SchedulerOptions.DEFAULT_JOB_STORE)) {
      throw stores.unknown(job.jobStore());
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

  /** Checks that no store but {@code target} (which checks by itself) has the id. */
  private void requireFreeElsewhere(String id, JobStore target) {
    Map<String, JobStore> all = stores.all();
    if (all.size() == 1) {
      return;
    }
    for (JobStore store : all.values()) {
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

  private ReentrantLock lockId(String id) {
    ReentrantLock lock = idLocks[Math.floorMod(id.hashCode(), ID_LOCK_STRIPES)];
    lock.lock();
    return lock;
  }
}
