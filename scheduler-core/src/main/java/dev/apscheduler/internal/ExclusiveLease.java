package dev.apscheduler.internal;

import dev.apscheduler.JobStoreException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps one scheduler the only user of a store that several schedulers cannot share outside cluster
 * mode (the Redis and MongoDB stores: they take due jobs without a lock then, so each scheduler
 * would run every fire time). The store keeps a lease record that its scheduler renews; a second
 * scheduler that finds the lease held waits for it to expire (the lease of a scheduler that died
 * without shutting down does) and is otherwise refused at start with an error that names the
 * problem. A scheduler whose lease another one took (after a long outage) refuses to process due
 * jobs until it has it back.
 *
 * <p>Not API: the stores of this project use it. Thread-safe.
 */
public final class ExclusiveLease {

  private static final System.Logger LOG = System.getLogger(ExclusiveLease.class.getName());

  /** The store's side of the lease: atomic operations on its lease record. */
  public interface Record {
    /**
     * Takes or renews the lease for {@code holder} for {@code ttl} if it is free, expired or
     * already {@code holder}'s.
     *
     * @return {@code null} if {@code holder} has the lease now, else who has it
     */
    String tryTake(String holder, Duration ttl);

    /** Deletes the lease record if {@code holder} has it. */
    void release(String holder);
  }

  private final Record record;
  private final Duration ttl;
  private final String description;
  private final String holder;
  private volatile ScheduledExecutorService renewer;
  private volatile String lostTo;

  /**
   * A lease, not yet taken.
   *
   * @param record the store's lease record
   * @param ttl how long the lease outlives a scheduler that stops renewing it
   * @param description the store, for log lines and errors
   */
  public ExclusiveLease(Record record, Duration ttl, String description) {
    this.record = record;
    this.ttl = ttl;
    this.description = description;
    this.holder = describeThisScheduler();
  }

  /**
   * Checks a lease time given to a store's builder.
   *
   * @throws IllegalArgumentException if it is missing, zero or negative
   */
  public static Duration requireTtl(Duration ttl) {
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("exclusive-lease: must be positive, got " + ttl);
    }
    return ttl;
  }

  /** Who this scheduler is, as other schedulers see it in the lease record. */
  public String holder() {
    return holder;
  }

  /**
   * Takes the lease, waiting at most its time to live for a held one to expire, and renews it from
   * then on.
   *
   * @throws JobStoreException if another scheduler holds it all that time
   */
  public void acquire() {
    long deadline = System.nanoTime() + ttl.toNanos() + ttl.toNanos() / 3;
    String other;
    while ((other = record.tryTake(holder, ttl)) != null) {
      if (System.nanoTime() > deadline) {
        throw new JobStoreException(
            description
                + " is in use by another scheduler ("
                + other
                + "). Outside cluster mode this store cannot be shared by several schedulers: each"
                + " would run every fire time. Turn on cluster mode in every scheduler that shares"
                + " it (apscheduler.cluster.enabled=true, or the store builder's cluster(nodeId)),"
                + " or give each scheduler its own store (key prefix or collection).");
      }
      LockSupport.parkNanos(Math.min(ttl.toNanos() / 10, TimeUnit.MILLISECONDS.toNanos(500)));
    }
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            run -> {
              Thread thread = new Thread(run, "apscheduler-lease-" + description);
              thread.setDaemon(true);
              return thread;
            });
    long period = Math.max(1, ttl.toMillis() / 3);
    executor.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    renewer = executor;
  }

  private void renew() {
    try {
      String other = record.tryTake(holder, ttl);
      if (other != null && lostTo == null) {
        LOG.log(
            Level.ERROR,
            description
                + ": another scheduler ("
                + other
                + ") took this store over; this scheduler runs none of its jobs until it has the"
                + " store back");
      } else if (other == null && lostTo != null) {
        LOG.log(Level.INFO, description + ": this scheduler has the store back");
      }
      lostTo = other;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, description + ": renewing the store's lease failed, will retry: " + e);
    }
  }

  /**
   * Checks that no other scheduler took the lease over.
   *
   * @throws JobStoreException if one did
   */
  public void check() {
    String other = lostTo;
    if (other != null) {
      throw new JobStoreException(
          description
              + ": another scheduler ("
              + other
              + ") took this store over; due jobs are left to it");
    }
  }

  /** Stops renewing and gives the lease up, so that another scheduler may start at once. */
  public void release() {
    ScheduledExecutorService executor = renewer;
    renewer = null;
    if (executor == null) {
      return;
    }
    executor.shutdownNow();
    try {
      record.release(holder);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          description + ": giving up the store's lease failed; it expires in " + ttl + ": " + e);
    }
  }

  private static String describeThisScheduler() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown host";
    }
    return "host "
        + host
        + ", process "
        + ProcessHandle.current().pid()
        + ", since "
        + Instant.now()
        + ", #"
        + UUID.randomUUID().toString().substring(0, 8);
  }
}
