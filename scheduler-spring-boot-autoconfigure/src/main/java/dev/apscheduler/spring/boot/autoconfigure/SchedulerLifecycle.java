package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.Scheduler;
import dev.apscheduler.SchedulerState;
import dev.apscheduler.event.SchedulerListener;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the scheduler once the application context is refreshed and shuts it down gracefully when
 * the context closes: running jobs are waited for on a separate thread, within {@code
 * spring.lifecycle.timeout-per-shutdown-phase}. Before starting, the {@link SchedulerListener}
 * beans are added to the scheduler.
 *
 * <p>The phase ({@link #PHASE}) is below the web server's: the scheduler starts before the server
 * accepts requests and stops after the server has drained them, so requests may use it throughout.
 *
 * <p>Thread-safe.
 */
public final class SchedulerLifecycle implements SmartLifecycle, DisposableBean {

  /** The lifecycle phase: below the web server's start/stop and graceful-shutdown phases. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerLifecycle.class);

  private final Scheduler scheduler;
  private final List<SchedulerListener> listeners;
  private final Object monitor = new Object();
  // @GuardedBy("monitor")
  private boolean listenersAdded;
  // @GuardedBy("monitor")
  private boolean started;

  /** Creates the lifecycle of {@code scheduler}, adding {@code listeners} before it starts. */
  public SchedulerLifecycle(Scheduler scheduler, List<SchedulerListener> listeners) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.listeners = List.copyOf(listeners);
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
      if (state != SchedulerState.STOPPED) {
        return;
      }
    }
    scheduler.start();
  }

  @Override
  public void stop() {
    synchronized (monitor) {
      started = false;
    }
    scheduler.shutdown(true);
  }

  /**
   * Shuts the scheduler down on a thread of its own, waiting for running jobs, and calls {@code
   * callback} when it is done; the context stops waiting after its shutdown-phase timeout.
   */
  @Override
  public void stop(Runnable callback) {
    synchronized (monitor) {
      started = false;
    }
    Thread shutdown =
        new Thread(
            () -> {
              try {
                scheduler.shutdown(true);
              } catch (RuntimeException e) {
                LOG.warn("Shutting down the scheduler failed", e);
              } finally {
                callback.run();
              }
            },
            "apscheduler-shutdown");
    shutdown.setDaemon(true);
    LOG.info("Shutting down the scheduler; waiting for running jobs");
    shutdown.start();
  }

  @Override
  public boolean isRunning() {
    synchronized (monitor) {
      return started && scheduler.isRunning();
    }
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** Shuts the scheduler down without waiting, if a graceful stop did not happen or timed out. */
  @Override
  public void destroy() {
    if (scheduler.state() != SchedulerState.SHUT_DOWN
        && scheduler.state() != SchedulerState.STOPPED) {
      scheduler.shutdown(false);
    }
  }
}
