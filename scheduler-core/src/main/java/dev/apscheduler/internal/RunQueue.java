package dev.apscheduler.internal;

import dev.apscheduler.executor.JobExecutor;
import dev.apscheduler.internal.RunDispatcher.Run;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The runs of a burst handed to the {@link RunDispatcher} together: one shared queue drained by at
 * most one task per worker of the executor, started one after the other as runs wait, so a burst of
 * short runs wakes one or two workers while long runs still spread over every worker.
 *
 * <p>Thread-safe.
 */
final class RunQueue {

  private static final System.Logger LOG = System.getLogger(RunQueue.class.getName());

  private final JobExecutor executor;
  private final BooleanSupplier closed;

  /** Runs handed over and not yet taken by a worker. */
  private final ConcurrentLinkedQueue<Run> queued = new ConcurrentLinkedQueue<>();

  /** Workers taking runs from {@link #queued}; at most the executor's maximum size. */
  private final AtomicInteger drainers = new AtomicInteger();

  /** Whether a drainer was handed to the executor and has not begun yet. */
  private final AtomicBoolean drainerStarting = new AtomicBoolean();

  /**
   * @param closed whether the dispatcher was closed (then a failed drainer is not replaced)
   */
  RunQueue(JobExecutor executor, BooleanSupplier closed) {
    this.executor = executor;
    this.closed = closed;
  }

  /** Queues {@code runs} and starts a drainer, up to {@code maxThreads} in all. */
  void submit(List<Run> runs, int maxThreads) {
    queued.addAll(runs);
    startDrainer(maxThreads);
  }

  /** Takes a queued run, or {@code null} when none is left. */
  Run poll() {
    return queued.poll();
  }

  /**
   * Starts one more drainer if runs are queued, fewer than {@code maxThreads} drainers run, and no
   * other drainer is on its way: a drainer that finds more runs queued behind the one it takes
   * calls this again, so a burst of short runs wakes one or two workers while long runs still
   * spread over every worker, one wake-up after the other.
   */
  private void startDrainer(int maxThreads) {
    // read before writing: while every drainer runs, or one is on its way, a run taken costs no
    // write to these shared counters
    if (queued.isEmpty()
        || drainers.get() >= maxThreads
        || drainerStarting.get()
        || !drainerStarting.compareAndSet(false, true)) {
      return;
    }
    if (!tryAddDrainer(maxThreads)) {
      drainerStarting.set(false);
      return;
    }
    try {
      executor.execute(() -> drainRuns(maxThreads));
    } catch (RejectedExecutionException e) {
      drainers.decrementAndGet();
      drainerStarting.set(false);
      LOG.log(Level.WARNING, "The executor refused queued runs; they are dropped", e);
      Run run;
      while ((run = queued.poll()) != null) {
        run.cancel();
      }
    }
  }

  private boolean tryAddDrainer(int maxThreads) {
    while (true) {
      int current = drainers.get();
      if (current >= maxThreads) {
        return false;
      }
      if (drainers.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /**
   * Runs queued runs until none is left. If a run lets a fatal error through (after its own
   * bookkeeping), this worker ends and another drainer takes over the queue.
   */
  private void drainRuns(int maxThreads) {
    drainerStarting.set(false);
    boolean completed = false;
    try {
      do {
        try {
          Run run;
          while ((run = queued.poll()) != null) {
            if (!queued.isEmpty()) {
              startDrainer(maxThreads);
            }
            run.run();
          }
        } finally {
          drainers.decrementAndGet();
        }
      } while (!queued.isEmpty() && tryAddDrainer(maxThreads));
      completed = true;
    } finally {
      if (!completed && !closed.getAsBoolean()) {
        startDrainer(maxThreads);
      }
    }
  }
}
