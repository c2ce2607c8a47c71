package dev.apscheduler.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;

/**
 * What a cluster node knows of its own heartbeats: whether it has heartbeaten without a break for a
 * whole missed-heartbeat window (only then may it take others for dead, so that after an outage the
 * first node back does not reap the rest), and how far its clock is off the store's, by which due
 * times are judged (a warning when that passes {@code max-clock-skew}).
 *
 * <p>Not API: the JDBC, Redis and MongoDB stores use it. The heartbeat methods are called by one
 * thread at a time (the node's start, then its heartbeat thread); {@link #clockOffset} by any
 * thread.
 */
public final class HeartbeatWindow {

  private static final System.Logger LOG = System.getLogger(HeartbeatWindow.class.getName());

  private final ClusterSettings settings;
  private final String description;
  private final String sharedClock;

  /** When the current unbroken series of heartbeats began (nanoTime). */
  private long beatingSince;

  /** When the last heartbeat succeeded (nanoTime); 0 if the last one failed or none was made. */
  private long lastBeat;

  private boolean skewReported;
  private volatile Duration clockOffset = Duration.ZERO;

  /**
   * @param description the store, for log lines
   * @param sharedClock whose clock the store's is, for log lines ("the database's")
   */
  public HeartbeatWindow(ClusterSettings settings, String description, String sharedClock) {
    this.settings = settings;
    this.description = description;
    this.sharedClock = sharedClock;
  }

  /**
   * Whether a heartbeat beginning at {@code begun} (nanoTime) may reap other nodes: the previous
   * one succeeded, and the series has lasted a whole window.
   */
  public boolean mayReap(long begun) {
    long window = settings.deadAfter().toNanos();
    return lastBeat != 0 && begun - lastBeat <= window && begun - beatingSince >= window;
  }

  /** Records a heartbeat that began at {@code begun} (nanoTime) and succeeded. */
  public void succeeded(long begun) {
    if (lastBeat == 0 || begun - lastBeat > settings.deadAfter().toNanos()) {
      beatingSince = begun;
    }
    lastBeat = begun;
  }

  /** Records a heartbeat that failed: the next success begins a new series. */
  public void failed() {
    lastBeat = 0;
  }

  /**
   * Sets the clock offset from the store's time read between {@code before} and {@code after} (the
   * scheduler's clock), taken as read in the middle of the round trip, and logs when it passes
   * {@code max-clock-skew} or comes back within it.
   */
  public void clockRead(Instant before, Instant after, Instant storeTime) {
    Instant local = before.plus(Duration.between(before, after).dividedBy(2));
    Duration offset = Duration.between(local, storeTime);
    clockOffset = offset;
    boolean skewed = offset.abs().compareTo(settings.maxClockSkew()) > 0;
    if (skewed != skewReported) {
      skewReported = skewed;
      LOG.log(
          skewed ? Level.WARNING : Level.INFO,
          description
              + ": the clock of node '"
              + settings.nodeId()
              + "' is "
              + offset.negated()
              + " off "
              + sharedClock
              + (skewed
                  ? " (more than max-clock-skew "
                      + settings.maxClockSkew()
                      + "); due times are judged by "
                      + sharedClock
                      + " clock"
                  : ", within max-clock-skew again"));
    }
  }

  /**
   * Runs one scheduled heartbeat so that a failure, an {@code Error} included, is logged and the
   * next heartbeat still comes (a periodic task that throws is never run again); only a {@link
   * VirtualMachineError} ends the series.
   */
  public void runScheduled(Runnable heartbeat) {
    try {
      heartbeat.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, description + ": heartbeat failed, will retry: " + e);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Error e) {
      LOG.log(Level.ERROR, description + ": heartbeat failed with an error, will retry", e);
    }
  }

  /** How far the store's clock is ahead of the scheduler's, as of the last heartbeat. */
  public Duration clockOffset() {
    return clockOffset;
  }

  /** Whether that is more than {@code max-clock-skew}. */
  public boolean clockSkewed() {
    return clockOffset.abs().compareTo(settings.maxClockSkew()) > 0;
  }
}
