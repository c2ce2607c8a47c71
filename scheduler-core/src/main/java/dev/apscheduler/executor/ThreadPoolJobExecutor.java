package dev.apscheduler.executor;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs jobs on a thread pool: the guide's pool of {@code core_threads} to {@code max_threads}
 * threads, or an {@link ExecutorService} the application hands in.
 *
 * <p>The built-in pool really grows from core to max threads before it queues: a run is handed to
 * an idle thread if one is waiting, else a new thread is started, and only at {@code max_threads}
 * are runs queued. (A plain {@code ThreadPoolExecutor} with an unbounded queue never grows past its
 * core size.) Its threads are not daemon threads, as in the original. A pool the application hands
 * in is used as given and never shut down.
 *
 * <p>Thread-safe.
 */
public final class ThreadPoolJobExecutor implements JobExecutor {

  private final ExecutorService executor;
  private final boolean owned;

  private ThreadPoolJobExecutor(ExecutorService executor, boolean owned) {
    this.executor = executor;
    this.owned = owned;
  }

  /**
   * A pool of {@code coreThreads} to {@code maxThreads} threads; threads above the core size end
   * after {@code keepAlive} idle.
   *
   * @throws IllegalArgumentException if the sizes are out of range
   */
  public static ThreadPoolJobExecutor create(int coreThreads, int maxThreads, Duration keepAlive) {
    if (coreThreads < 0 || maxThreads < 1 || maxThreads < coreThreads) {
      throw new IllegalArgumentException(
          "threadpool: need 0 <= core_threads <= max_threads and max_threads >= 1, got core_threads="
              + coreThreads
              + ", max_threads="
              + maxThreads);
    }
    HandOffQueue queue = new HandOffQueue();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            coreThreads,
            maxThreads,
            keepAlive.toNanos(),
            TimeUnit.NANOSECONDS,
            queue,
            new WorkerThreadFactory(),
            (run, executor) -> {
              if (executor.isShutdown()) {
                throw new RejectedExecutionException("The scheduler's thread pool is shut down");
              }
              queue.enqueue(run);
            });
    return new ThreadPoolJobExecutor(pool, true);
  }

  /**
   * Runs each job run on a virtual thread of its own (Java 21 or newer); the scheduler shuts the
   * executor down.
   *
   * @throws IllegalStateException on a Java runtime older than 21
   */
  public static ThreadPoolJobExecutor virtualThreads() {
    try {
      Object executor =
          java.util.concurrent.Executors.class
              .getMethod("newVirtualThreadPerTaskExecutor")
              .invoke(null);
      return new ThreadPoolJobExecutor((ExecutorService) executor, true);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "virtual threads need Java 21 or newer; this is Java "
              + Runtime.version().feature()
              + "; use threadPool(core, max, keepAlive) instead",
          e);
    }
  }

  /** Runs jobs on {@code executor}, which the scheduler never shuts down. */
  public static ThreadPoolJobExecutor wrap(ExecutorService executor) {
    return new ThreadPoolJobExecutor(Objects.requireNonNull(executor, "executor"), false);
  }

  @Override
  public void execute(Runnable run) {
    executor.execute(run);
  }

  @Override
  public void shutdown() {
    if (owned) {
      executor.shutdown();
    }
  }

  /** Whether this executor made its pool (and so shuts it down). */
  public boolean ownsPool() {
    return owned;
  }

  @Override
  public int activeThreads() {
    return executor instanceof ThreadPoolExecutor pool ? pool.getActiveCount() : -1;
  }

  @Override
  public int poolSize() {
    return executor instanceof ThreadPoolExecutor pool ? pool.getPoolSize() : -1;
  }

  @Override
  public int maxThreads() {
    return executor instanceof ThreadPoolExecutor pool ? pool.getMaximumPoolSize() : -1;
  }

  @Override
  public int queuedRuns() {
    return executor instanceof ThreadPoolExecutor pool ? pool.getQueue().size() : -1;
  }

  @Override
  public String toString() {
    return owned
        ? "ThreadPoolJobExecutor" + executorState()
        : "ThreadPoolJobExecutor(" + executor + ")";
  }

  private String executorState() {
    return "[pool=" + poolSize() + ", active=" + activeThreads() + ", max=" + maxThreads() + "]";
  }

  /**
   * Accepts a run only when an idle thread is waiting for one, so that the pool starts a new thread
   * otherwise; runs refused at the maximum size are queued through {@link #enqueue}.
   */
  private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean offer(Runnable run) {
      return tryTransfer(run);
    }

    void enqueue(Runnable run) {
      super.offer(run);
    }
  }

  private static final class WorkerThreadFactory implements ThreadFactory {
    private static final AtomicInteger POOLS = new AtomicInteger();
    private final int pool = POOLS.incrementAndGet();
    private final AtomicInteger threads = new AtomicInteger();

    @Override
    public Thread newThread(Runnable run) {
      Thread thread =
          new Thread(run, "apscheduler-worker-" + pool + "-" + threads.incrementAndGet());
      thread.setDaemon(false);
      return thread;
    }
  }
}
