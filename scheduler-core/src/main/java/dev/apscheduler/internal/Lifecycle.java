package dev.apscheduler.internal;

import dev.apscheduler.event.EventType;
import dev.apscheduler.event.SchedulerEvent;
import dev.apscheduler.executor.JobExecutor;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;

/**
 * Starting and shutting down: a start either completes (stores started, tentative jobs stored, loop
 * running) or leaves the scheduler stopped with every store it had started closed again; a shutdown
 * stops the loop, waits for the runs (for at most its timeout, then interrupts them), releases the
 * pool and closes the stores.
 *
 * <p>Thread-safe: the {@link RunLoop}'s state decides which call does the work.
 */
public final class Lifecycle {

  private static final System.Logger LOG = System.getLogger(Lifecycle.class.getName());

  /** How long a shutdown without a timeout waits for the loop before interrupting it. */
  static final Duration LOOP_STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Clock clock;
  private final RunLoop loop;
  private final StoreSet stores;
  private final JobRegistry registry;
  private final RunDispatcher dispatcher;
  private final JobExecutor executor;
  private final Listeners listeners;
  private final RunHistoryRecorder history;

  /** Starts and stops these parts of one scheduler. */
  public Lifecycle(
      Clock clock,
      RunLoop loop,
      StoreSet stores,
      JobRegistry registry,
      RunDispatcher dispatcher,
      JobExecutor executor,
      Listeners listeners,
      RunHistoryRecorder history) {
    this.clock = clock;
    this.loop = loop;
    this.stores = stores;
    this.registry = registry;
    this.dispatcher = dispatcher;
    this.executor = executor;
    this.listeners = listeners;
    this.history = history;
  }

  /**
   * Starts the stores, stores the tentative jobs and marks the scheduler running.
   *
   * @throws IllegalStateException if the scheduler was started before
   */
  public void start() {
    loop.beginStart();
    try {
      stores.startAll();
    } catch (RuntimeException | Error e) {
      loop.startFailed();
      throw e;
    }
    registry.start(clock.instant());
    loop.started();
    listeners.fire(new SchedulerEvent(EventType.SCHEDULER_START, clock.instant()));
    LOG.log(Level.INFO, "Scheduler started");
  }

  /**
   * Shuts down; a second call does nothing.
   *
   * @param wait whether to wait for running jobs
   * @param timeout the most to wait in all, real time; {@code null} for as long as runs take
   * @return whether every run finished in time
   */
  public boolean shutdown(boolean wait, Duration timeout) {
    if (loop.beginShutdown() == null) {
      return true;
    }
    long start = System.nanoTime();
    loop.awaitLoopEnd(timeout == null ? LOOP_STOP_TIMEOUT : timeout);
    executor.shutdown();
    boolean finished = true;
    if (wait) {
      Duration left = timeout == null ? null : timeout.minusNanos(System.nanoTime() - start);
      finished =
          dispatcher.awaitRunsFinished(left == null || !left.isNegative() ? left : Duration.ZERO);
      if (!finished) {
        int interrupted = dispatcher.abandonRuns();
        LOG.log(
            Level.WARNING,
            "Shutdown timeout of " + timeout + " passed; " + interrupted + " run(s) interrupted");
      }
    }
    history.close();
    stores.closeAll();
    listeners.fire(new SchedulerEvent(EventType.SCHEDULER_SHUTDOWN, clock.instant()));
    LOG.log(Level.INFO, "Scheduler has been shut down");
    return finished;
  }
}
