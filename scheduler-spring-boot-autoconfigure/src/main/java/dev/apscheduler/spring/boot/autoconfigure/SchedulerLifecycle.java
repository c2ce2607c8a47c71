package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.Scheduler;
import dev.apscheduler.SchedulerState;
import dev.apscheduler.event.SchedulerListener;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the scheduler once the application context is refreshed and shuts it down gracefully when
 * the context closes: running jobs are waited for on a separate thread for at most the shutdown
 * timeout ({@code spring.lifecycle.timeout-per-shutdown-phase}, 30 s by default), after which runs
 * still going are interrupted and runs not started are dropped ({@link
 * Scheduler#shutdown(Duration)}). Before starting, the {@link SchedulerListener} beans are added to
 * the scheduler.
 *
 * <p>When the context is destroyed, a scheduler that was never stopped is shut down without
 * waiting, and a graceful stop that is still waiting is cut short: its runs are interrupted.
 *
 * <p>The phase ({@link #PHASE}) is below the web server's: the scheduler starts before the server
 * accepts requests and stops after the server has drained them, so requests may use it throughout.
 * With a start-up delay ({@code apscheduler.startup-delay}), the context's start returns at once
 * and a daemon thread starts the scheduler when the delay has passed, unless the context stops
 * first; the scheduler is still gracefully stopped with the context either way.
 *
 * <p>Thread-safe.
 */
public final class SchedulerLifecycle implements SmartLifecycle, DisposableBean {

  /** The lifecycle phase: below the web server's start/stop and graceful-shutdown phases. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  /** How long {@link #destroy()} waits for a graceful stop it has cut short to end. */
  private static final Duration CUT_SHORT_WAIT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerLifecycle.class);

  private final Scheduler scheduler;
  private final boolean autoStartup;
  private final List<SchedulerListener> listeners;
  private final Duration shutdownTimeout;
  private final Duration startupDelay;
  private final Object monitor = new Object();
  // @GuardedBy("monitor")
  private boolean listenersAdded;
  // @GuardedBy("monitor")
  private boolean started;
  // @GuardedBy("monitor")
  private boolean shutdownBegun;
  // @GuardedBy("monitor")
  private Thread gracefulStop;
  // @GuardedBy("monitor")
  private Future<?> delayedStart;

  /**
   * Creates the lifecycle of {@code scheduler}, adding {@code listeners} before it starts.
   *
   * @param shutdownTimeout the most a graceful stop waits for running jobs
   */
  public SchedulerLifecycle(
      Scheduler scheduler, List<SchedulerListener> listeners, Duration shutdownTimeout) {
    this(scheduler, listeners, shutdownTimeout, true);
  }

  /**
   * Creates the lifecycle of {@code scheduler}, adding {@code listeners} before it starts.
   *
   * @param shutdownTimeout the most a graceful stop waits for running jobs
   * @param autoStartup whether the context starts the scheduler ({@code apscheduler.auto-startup})
   */
  public SchedulerLifecycle(
      Scheduler scheduler,
      List<SchedulerListener> listeners,
      Duration shutdownTimeout,
      boolean autoStartup) {
    this(scheduler, listeners, shutdownTimeout, autoStartup, Duration.ZERO);
  }

  /**
   * Creates the lifecycle of {@code scheduler}, adding {@code listeners} before it starts.
   *
   * @param shutdownTimeout the most a graceful stop waits for running jobs
   * @param autoStartup whether the context starts the scheduler ({@code apscheduler.auto-startup})
   * @param startupDelay how long after the context's start the scheduler starts ({@code
   *     apscheduler.startup-delay}); zero starts it at once
   */
  public SchedulerLifecycle(
      Scheduler scheduler,
      List<SchedulerListener> listeners,
      Duration shutdownTimeout,
      boolean autoStartup,
      Duration startupDelay) {
    this.startupDelay = Objects.requireNonNull(startupDelay, "startupDelay");
    if (startupDelay.isNegative()) {
      throw new IllegalArgumentException("startupDelay: must not be negative, got " + startupDelay);
    }
    this.autoStartup = autoStartup;
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.listeners = List.copyOf(listeners);
    this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "shutdownTimeout: must not be negative, got " + shutdownTimeout);
    }
  }

  @Override
  public void start() {
    synchronized (monitor) {
      if (!listenersAdded) {
        listeners.forEach(scheduler::addListener);
        listenersAdded = true;
      }
      SchedulerState state = scheduler.state();
      if (state == SchedulerState.SHUT_DOWN) {
        LOG.warn("The scheduler was shut down and cannot be started again");
        return;
      }
      started = true;
      if (state != SchedulerState.STOPPED || delayedStart != null) {
        return;
      }
      if (!startupDelay.isZero()) {
        delayedStart = startLater();
        return;
      }
    }
    scheduler.start();
  }

  // @GuardedBy("monitor")
  private Future<?> startLater() {
    ScheduledExecutorService delayer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "apscheduler-delayed-start");
              thread.setDaemon(true);
              return thread;
            });
    try {
      LOG.info("The scheduler starts in {} (apscheduler.startup-delay)", startupDelay);
      return delayer.schedule(this::startAfterDelay, startupDelay.toNanos(), TimeUnit.NANOSECONDS);
    } finally {
      delayer.shutdown();
    }
  }

  private void startAfterDelay() {
    synchronized (monitor) {
      delayedStart = null;
      if (!started || shutdownBegun || scheduler.state() != SchedulerState.STOPPED) {
        return;
      }
    }
    try {
      scheduler.start();
    } catch (RuntimeException e) {
      LOG.error("Starting the scheduler after apscheduler.startup-delay failed", e);
    }
  }

  // @GuardedBy("monitor")
  private void cancelDelayedStart() {
    if (delayedStart != null) {
      delayedStart.cancel(false);
      delayedStart = null;
    }
  }

  /** Shuts the scheduler down on the calling thread, waiting at most the shutdown timeout. */
  @Override
  public void stop() {
    synchronized (monitor) {
      started = false;
      shutdownBegun = true;
      cancelDelayedStart();
    }
    shutDownGracefully();
  }

  /**
   * Shuts the scheduler down on a thread of its own, waiting at most the shutdown timeout for
   * running jobs, and calls {@code callback} when it is done.
   */
  @Override
  public void stop(Runnable callback) {
    Thread shutdown =
        new Thread(
            () -> {
              try {
                shutDownGracefully();
              } catch (RuntimeException e) {
                LOG.warn("Shutting down the scheduler failed", e);
              } finally {
                callback.run();
              }
            },
            "apscheduler-shutdown");
    shutdown.setDaemon(true);
    synchronized (monitor) {
      started = false;
      shutdownBegun = true;
      gracefulStop = shutdown;
      cancelDelayedStart();
    }
    LOG.info("Shutting down the scheduler; waiting up to {} for running jobs", shutdownTimeout);
    shutdown.start();
  }

  private void shutDownGracefully() {
    if (!scheduler.shutdown(shutdownTimeout)) {
      LOG.warn(
          "Jobs still running when the graceful stop ended (at the shutdown timeout of {},"
              + " spring.lifecycle.timeout-per-shutdown-phase, or cut short as the context closed)"
              + " were interrupted",
          shutdownTimeout);
    }
  }

  @Override
  public boolean isRunning() {
    synchronized (monitor) {
      return started && (delayedStart != null || scheduler.isRunning());
    }
  }

  @Override
  public boolean isAutoStartup() {
    return autoStartup;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /**
   * Shuts the scheduler down without waiting if no graceful stop happened, and cuts short a
   * graceful stop that is still waiting (the context stopped waiting for it): its runs are
   * interrupted.
   */
  @Override
  public void destroy() throws InterruptedException {
    Thread stillStopping;
    boolean begun;
    synchronized (monitor) {
      begun = shutdownBegun;
      shutdownBegun = true;
      cancelDelayedStart();
      stillStopping = gracefulStop != null && gracefulStop.isAlive() ? gracefulStop : null;
    }
    if (stillStopping != null) {
      LOG.warn("The scheduler is still waiting for running jobs; interrupting them");
      stillStopping.interrupt();
      stillStopping.join(CUT_SHORT_WAIT.toMillis());
    } else if (!begun) {
      scheduler.shutdown(false);
    }
  }
}
