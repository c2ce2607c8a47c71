package dev.apscheduler;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The scheduler-wide options of the guide's configuration table, and their defaults: the one place
 * the defaults are written down (the Spring properties mirror them).
 *
 * <p>Immutable and thread-safe.
 *
 * @param misfireGraceTime how late a run may start before it is a misfire; a job may override it
 * @param coalesce whether a backlog of due runs of a job runs once; a job may override it
 * @param standalone whether {@code start()} runs the loop in the calling thread until no job is
 *     left
 * @param daemonic whether the scheduler thread is a daemon thread (embedded mode only)
 * @param timezone the zone fire times are shown in and date strings are read in
 * @param coreThreads threads the built-in pool keeps alive when idle
 * @param maxThreads the most threads the built-in pool runs at once
 * @param keepAlive how long an idle thread above {@code coreThreads} lives
 * @param defaultRetry the retry policy of jobs that set none ({@link RetryPolicy#NONE} by default)
 */
public record SchedulerOptions(
    Duration misfireGraceTime,
    boolean coalesce,
    boolean standalone,
    boolean daemonic,
    ZoneId timezone,
    int coreThreads,
    int maxThreads,
    Duration keepAlive,
    RetryPolicy defaultRetry) {

  /** Default misfire grace time: 1 second. */
  public static final Duration DEFAULT_MISFIRE_GRACE_TIME = Duration.ofSeconds(1);

  /** Default for coalescing: off. */
  public static final boolean DEFAULT_COALESCE = false;

  /** Default operating mode: embedded. */
  public static final boolean DEFAULT_STANDALONE = false;

  /** Default for the scheduler thread: daemon. */
  public static final boolean DEFAULT_DAEMONIC = true;

  /** Default core threads of the built-in pool. */
  public static final int DEFAULT_CORE_THREADS = 0;

  /** Default maximum threads of the built-in pool. */
  public static final int DEFAULT_MAX_THREADS = 20;

  /** Default keep-alive of idle pool threads: 1 second. */
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(1);

  /** Default maximum concurrently running instances of one job. */
  public static final int DEFAULT_MAX_INSTANCES = 1;

  /** Value of {@code maxRuns} meaning no limit (the default). */
  public static final int UNLIMITED_RUNS = 0;

  /** Alias of the store jobs go to when they name none. */
  public static final String DEFAULT_JOB_STORE = "default";

  /** Name of the executor jobs run on when they name none. */
  public static final String DEFAULT_EXECUTOR = "default";

  /** Validates the options. */
  public SchedulerOptions {
    Objects.requireNonNull(misfireGraceTime, "misfireGraceTime");
    Objects.requireNonNull(timezone, "timezone");
    Objects.requireNonNull(keepAlive, "keepAlive");
    if (misfireGraceTime.isNegative()) {
      throw new IllegalArgumentException(
          "misfire_grace_time: must not be negative, got " + misfireGraceTime);
    }
    if (coreThreads < 0) {
      throw new IllegalArgumentException(
          "threadpool.core_threads: must be 0 or more, got " + coreThreads);
    }
    if (maxThreads < 1 || maxThreads < coreThreads) {
      throw new IllegalArgumentException(
          "threadpool.max_threads: must be at least 1 and at least core_threads ("
              + coreThreads
              + "), got "
              + maxThreads);
    }
    if (keepAlive.isNegative()) {
      throw new IllegalArgumentException(
          "threadpool.keepalive: must not be negative, got " + keepAlive);
    }
    defaultRetry = defaultRetry == null ? RetryPolicy.NONE : defaultRetry;
  }

  /** Options without a default retry (jobs retry only if they say so). */
  public SchedulerOptions(
      Duration misfireGraceTime,
      boolean coalesce,
      boolean standalone,
      boolean daemonic,
      ZoneId timezone,
      int coreThreads,
      int maxThreads,
      Duration keepAlive) {
    this(
        misfireGraceTime,
        coalesce,
        standalone,
        daemonic,
        timezone,
        coreThreads,
        maxThreads,
        keepAlive,
        RetryPolicy.NONE);
  }

  /** The defaults, with the system's time zone. */
  public static SchedulerOptions defaults() {
    return new SchedulerOptions(
        DEFAULT_MISFIRE_GRACE_TIME,
        DEFAULT_COALESCE,
        DEFAULT_STANDALONE,
        DEFAULT_DAEMONIC,
        ZoneId.systemDefault(),
        DEFAULT_CORE_THREADS,
        DEFAULT_MAX_THREADS,
        DEFAULT_KEEP_ALIVE);
  }
}
