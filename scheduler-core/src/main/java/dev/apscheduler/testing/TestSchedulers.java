package dev.apscheduler.testing;

import dev.apscheduler.Scheduler;
import dev.apscheduler.SchedulerBuilder;

/**
 * Schedulers for tests that need no sleeps: time comes from a {@link MutableClock}, no loop thread
 * runs, and {@link Scheduler#processDueJobs()} runs the due jobs on the calling thread.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.at(ZonedDateTime.parse("2026-01-01T00:00:00Z"));
 * Scheduler scheduler = TestSchedulers.synchronous(clock).build();
 * scheduler.addIntervalJob(ctx -> count.incrementAndGet(), Duration.ofMinutes(1));
 * scheduler.start();
 * clock.advance(Duration.ofMinutes(1));
 * scheduler.processDueJobs(); // the job has run once
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class TestSchedulers {

  private TestSchedulers() {}

  /** A builder with the clock, a synchronous executor, no loop thread, and the clock's zone. */
  public static SchedulerBuilder synchronous(MutableClock clock) {
    return Scheduler.builder()
        .clock(clock)
        .timezone(clock.getZone())
        .executor(new SynchronousExecutor())
        .runLoop(false);
  }

  /**
   * A builder with the clock and no loop thread, but the default thread pool: for tests of runs
   * that overlap, driven by {@link Scheduler#processDueJobs()} and latches.
   */
  public static SchedulerBuilder manual(MutableClock clock) {
    return Scheduler.builder().clock(clock).timezone(clock.getZone()).runLoop(false);
  }
}
