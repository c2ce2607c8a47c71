package dev.apscheduler.internal;

import dev.apscheduler.Job;
import dev.apscheduler.history.RunHistoryQuery;
import dev.apscheduler.history.RunHistoryStore;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.history.RunRetention;
import dev.apscheduler.store.ClusteredJobStore;
import dev.apscheduler.store.JobStore;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a {@link RunRecord} of each run in the job's own store. The run path ({@link
 * RunDispatcher}, {@link RunPlanner}) hands it every ended run: run, failed, missed, or skipped at
 * the maximum instances (stores that report {@code JOB_LOST} record those themselves). A store
 * whose history is {@linkplain RunHistoryStore#immediate() immediate} (in memory) takes the record
 * at once; the others' records are queued and written per store in batches from one background
 * thread, started on the first record (of any store: it also purges): every {@link
 * #FLUSH_INTERVAL}, or at once when {@link #BATCH} records wait. The same thread purges every store
 * by the retention every {@link #PURGE_INTERVAL}, in bounded batches; a store shared by a cluster
 * is purged by its node with the smallest id alone. Reads write what is queued first, so a caller
 * sees its runs; shutdown writes what is left.
 *
 * <p>Thread-safe: records are handed over from any thread; batched writes are serialised.
 */
public final class RunHistoryRecorder {

  private static final System.Logger LOG = System.getLogger(RunHistoryRecorder.class.getName());

  static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
  static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);
  static final int BATCH = 500;

  /** The most records a purge deletes from one store at a time. */
  static final int PURGE_LIMIT = 1000;

  /** The most records kept waiting while a store cannot be written; newer ones are dropped. */
  static final int MAX_PENDING = 100_000;

  private record Pending(String alias, RunRecord record) {}

  private final RunRetention retention;
  private final boolean enabled;
  private final Clock clock;
  private final StoreSet stores;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final Object writeLock = new Object();
  private final Object threadLock = new Object();

  /** Written under {@link #threadLock}; read without it on the path of every run. */
  private volatile ScheduledExecutorService flusher;

  // @GuardedBy("threadLock")
  private boolean closed;

  // @GuardedBy("writeLock")
  private Instant nextPurge;

  /**
   * Records into the stores of {@code stores}, keeping what {@code retention} allows; with {@code
   * retention} {@code null} it records nothing and only reads what the stores kept.
   */
  public RunHistoryRecorder(RunRetention retention, Clock clock, StoreSet stores) {
    this.enabled = retention != null;
    this.retention = retention;
    this.clock = clock;
    this.stores = stores;
  }

  /**
   * Records that the run of {@code job} for {@code fireTime} ended now with {@code outcome}.
   *
   * @param start when it started, or {@code null} if it never did
   * @param exception what it threw, or {@code null}
   */
  void record(
      Job job, ZonedDateTime fireTime, Instant start, RunOutcome outcome, Throwable exception) {
    record(job, fireTime, 1, start, outcome, exception);
  }

  /**
   * Records that attempt {@code attempt} (from 1) at the fire time {@code fireTime} of {@code job}
   * ended now with {@code outcome}.
   *
   * @param start when it started, or {@code null} if it never did
   * @param exception what it threw, or {@code null}
   */
  void record(
      Job job,
      ZonedDateTime fireTime,
      int attempt,
      Instant start,
      RunOutcome outcome,
      Throwable exception) {
    if (!enabled) {
      return;
    }
    JobStore store = stores.get(job.jobStore());
    if (store == null) {
      return;
    }
    Duration offset = store.clockOffset();
    Instant now = clock.instant();
    Instant end = offset.isZero() ? now : now.plus(offset);
    Instant fireInstant = DueRuns.instantOf(fireTime, job.nextRunTime());
    RunHistoryStore history = store.runHistory();
    if (history.immediate()) {
      try {
        if (exception == null) {
          history.recordRun(job.id(), fireInstant, start, end, outcome, attempt, retention);
        } else {
          history.record(
              List.of(record(job, fireInstant, start, end, outcome, exception, attempt)),
              retention);
        }
      } catch (VirtualMachineError e) {
        throw e;
      } catch (RuntimeException | Error e) {
        LOG.log(Level.WARNING, "Run history of job " + job.id() + " not written", e);
      }
      flusher(); // its thread purges by the retention
      return;
    }
    enqueue(job.jobStore(), record(job, fireInstant, start, end, outcome, exception, attempt));
  }

  private static RunRecord record(
      Job job,
      Instant fireTime,
      Instant start,
      Instant end,
      RunOutcome outcome,
      Throwable exception,
      int attempt) {
    RunRecord record = RunRecord.of(job.id(), fireTime, start, end, outcome, exception);
    return attempt == 1 ? record : record.withAttempt(attempt);
  }

  private void enqueue(String alias, RunRecord record) {
    if (queued.get() >= MAX_PENDING) {
      if (dropped.getAndIncrement() % MAX_PENDING == 0) {
        LOG.log(
            Level.WARNING,
            "Run history: "
                + MAX_PENDING
                + " records wait for a store that cannot be written; new ones are dropped");
      }
      return;
    }
    queue.add(new Pending(alias, record));
    int waiting = queued.incrementAndGet();
    ScheduledExecutorService thread = flusher();
    if (thread != null && waiting == BATCH) {
      try {
        thread.execute(this::flushQuietly);
      } catch (RejectedExecutionException closing) {
        // shutdown writes what is left
      }
    }
  }

  /**
   * The records {@code query} asks for from every store (a removed job's store is not known),
   * newest first, after writing what is queued.
   */
  public List<RunRecord> find(RunHistoryQuery query) {
    flushQuietly();
    List<RunRecord> found = new ArrayList<>();
    for (JobStore store : stores.all().values()) {
      found.addAll(store.runHistory().find(query));
    }
    found.sort(Comparator.comparing(RunRecord::end).reversed());
    return found.size() <= query.limit() ? found : List.copyOf(found.subList(0, query.limit()));
  }

  /** Stops the background thread and writes what is queued (before the stores close). */
  public void close() {
    if (!enabled) {
      return;
    }
    ScheduledExecutorService thread;
    synchronized (threadLock) {
      closed = true;
      thread = flusher;
      flusher = null;
    }
    if (thread != null) {
      thread.shutdownNow();
      try {
        thread.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    flushQuietly();
  }

  private ScheduledExecutorService flusher() {
    ScheduledExecutorService started = flusher;
    if (started != null) {
      return started;
    }
    synchronized (threadLock) {
      if (flusher == null && !closed) {
        flusher =
            Executors.newSingleThreadScheduledExecutor(
                run -> {
                  Thread thread = new Thread(run, "apscheduler-run-history");
                  thread.setDaemon(true);
                  return thread;
                });
        long period = FLUSH_INTERVAL.toMillis();
        flusher.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
      }
      return flusher;
    }
  }

  /**
   * The background thread's periodic work. Whatever it throws but a {@link VirtualMachineError} is
   * logged and the next tick still comes: a periodic task that throws is never run again.
   */
  private void tick() {
    try {
      flushAndPurge();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (RuntimeException | Error e) {
      LOG.log(Level.ERROR, "Run history: the background flush failed; it goes on", e);
    }
  }

  private void flushAndPurge() {
    flushQuietly();
    synchronized (writeLock) {
      Instant now = clock.instant();
      if (nextPurge != null && now.isBefore(nextPurge)) {
        return;
      }
      boolean more = false;
      for (Map.Entry<String, JobStore> entry : stores.all().entrySet()) {
        try {
          JobStore store = entry.getValue();
          more |=
              purgesHere(store)
                  && store.runHistory().purge(retention, now, PURGE_LIMIT) >= PURGE_LIMIT;
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "Purging the run history of store '" + entry.getKey() + "'", e);
        }
      }
      nextPurge = more ? now : now.plus(PURGE_INTERVAL);
    }
  }

  /**
   * Whether this scheduler purges {@code store}: a store shared by a cluster is purged by the node
   * with the smallest id alone, so that the nodes do not purge at once; any other store by its
   * scheduler.
   */
  private static boolean purgesHere(JobStore store) {
    if (!(store instanceof ClusteredJobStore shared) || shared.nodeId().isEmpty()) {
      return true;
    }
    String self = shared.nodeId().get();
    return shared.clusterNodes().keySet().stream().allMatch(node -> self.compareTo(node) <= 0);
  }

  /** Writes the queued records, per store, each store's in one batch; failed ones wait. */
  private void flushQuietly() {
    synchronized (writeLock) {
      Map<String, List<RunRecord>> byStore = new LinkedHashMap<>();
      for (Pending p = queue.poll(); p != null; p = queue.poll()) {
        queued.decrementAndGet();
        byStore.computeIfAbsent(p.alias(), alias -> new ArrayList<>()).add(p.record());
      }
      for (Map.Entry<String, List<RunRecord>> entry : byStore.entrySet()) {
        JobStore store = stores.get(entry.getKey());
        if (store == null) {
          continue;
        }
        try {
          store.runHistory().record(entry.getValue(), retention);
        } catch (VirtualMachineError e) {
          throw e;
        } catch (RuntimeException | Error e) {
          keepForLater(entry.getKey(), entry.getValue(), e);
        }
      }
    }
  }

  private void keepForLater(String alias, List<RunRecord> records, Throwable failure) {
    if (queued.get() + records.size() > MAX_PENDING) {
      LOG.log(
          Level.WARNING,
          "Run history of store '" + alias + "' not written; " + records.size() + " dropped",
          failure);
      return;
    }
    LOG.log(
        Level.DEBUG,
        () -> "Run history of store '" + alias + "' not written, will retry: " + failure);
    for (RunRecord record : records) {
      queue.add(new Pending(alias, record));
      queued.incrementAndGet();
    }
  }
}
