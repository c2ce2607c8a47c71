package dev.apscheduler.executor;

import java.util.concurrent.RejectedExecutionException;

/**
 * Runs job runs handed over by the scheduler. The scheduler itself tracks its runs (to wait for
 * them on shutdown and to enforce {@code maxInstances}); an executor only runs them.
 *
 * <p>Implementations must be thread-safe.
 */
public interface JobExecutor {

  /**
   * Runs {@code run} soon, on some thread.
   *
   * @throws RejectedExecutionException if the executor is shut down
   */
  void execute(Runnable run);

  /** Stops accepting runs and releases threads the executor owns; does not wait. */
  void shutdown();

  /** Threads running a job right now, or -1 if unknown. */
  default int activeThreads() {
    return -1;
  }

  /** Threads alive right now, or -1 if unknown. */
  default int poolSize() {
    return -1;
  }

  /** The most threads this executor runs at once, or -1 if unknown. */
  default int maxThreads() {
    return -1;
  }

  /** Runs waiting for a free thread, or -1 if unknown. */
  default int queuedRuns() {
    return -1;
  }
}
