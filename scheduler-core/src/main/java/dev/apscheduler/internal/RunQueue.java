package dev.apscheduler.internal;

import dev.apscheduler.executor.JobExecutor;
import dev.apscheduler.internal.RunDispatcher.Run;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The runs of a burst handed to the {@link RunDispatcher} together: one shared queue drained by at
 * most one task per worker of the executor, so a burst wakes a few workers rather than one per run.
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

  /**
   * @param closed whether the dispatcher was closed (then a failed drainer is not replaced)
   */
  RunQueue(JobExecutor executor, BooleanSupplier closed) {
    this.executor = executor;
    this.closed = closed;
  }

  /** Queues {@code runs} and starts drainers, up to {@code maxThreads} in all. */
  void submit(List<Run> runs, int maxThreads) {
    queued.addAll(runs);
    startDrainers(maxThreads);
  }

  /** Takes a queued run, or {@code null} when none is left. */
  Run poll() {
    return queued.poll();
  }

  private void startDrainers(int maxThreads) {
    while (!queued.isEmpty() && tryAddDrainer(maxThreads)) {
      try {
        executor.execute(() -> drainRuns(maxThreads));
      } catch (RejectedExecutionException e) {
        drainers.decrementAndGet();
        LOG.log(Level.WARNING, "The executor refused queued runs; they are dropped", e);
        Run run;
        while ((run = queued.poll()) != null) {
          run.cancel();
        }
        return;
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
    boolean completed = false;
    try {
      do {
        try {
          Run run;
          while ((run = queued.poll()) != null) {
            run.run();
          }
        } finally {
          drainers.decrementAndGet();
        }
      } while (!queued.isEmpty() && tryAddDrainer(maxThreads));
      completed = true;
    } finally {
      if (!completed && !closed.getAsBoolean()) {
        startDrainers(maxThreads);
      }
    }
  }
}
