package dev.apscheduler.internal;

import dev.apscheduler.Job;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import dev.apscheduler.trigger.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The run-time maths of one due job: the fire times from its next run time up to now (only the
 * latest when the job coalesces), and the first fire time after now.
 *
 * <p>Bounded: at most {@link #MAX_LISTED} fire times are listed per call, whatever the backlog. A
 * longer backlog (after a GC stall, a sleeping laptop, a restart) is skipped without listing it:
 * the fire times older than the job's misfire grace time become one {@link Skipped} range, reported
 * as one missed run with its count (a coalescing job bypasses them silently, as it would have), and
 * the listing goes on from the first fire time inside the grace window. Within the window, a
 * coalescing job jumps to its latest fire time; any other job lists {@code MAX_LISTED} runs and the
 * next pass goes on from there.
 *
 * <p>Immutable and thread-safe.
 *
 * @param fireTimes the fire times that are due, earliest first
 * @param skipped fire times skipped without listing, or {@code null}
 * @param next the first fire time not listed (after now, or still due when a non-coalescing job has
 *     more than {@code MAX_LISTED} runs inside its grace window), or {@code null} if the trigger is
 *     finished
 */
record DueRuns(List<ZonedDateTime> fireTimes, Skipped skipped, ZonedDateTime next) {

  /** The most fire times of one job listed in one due pass. */
  static final int MAX_LISTED = 32;

  /**
   * Fire times skipped without listing them.
   *
   * @param first the earliest skipped fire time
   * @param count how many were skipped, or -1 if the trigger cannot count them without listing them
   */
  record Skipped(ZonedDateTime first, long count) {}

  /**
   * Lists the due fire times of {@code job} at {@code now}.
   *
   * @throws IllegalStateException if the trigger returns a fire time not after the previous one
   */
  static DueRuns list(Job job, ZonedDateTime now) {
    if (job.trigger() instanceof DateTrigger date && job.nextRunTime() != null) {
      // a one-shot job: its one fire time, if due, and nothing after it (the trigger's own date
      // when it is that instant in the scheduler's zone, as it usually is: no new date to make)
      ZonedDateTime runDate = date.runDate();
      ZonedDateTime time =
          runDate.getZone().equals(now.getZone()) && sameInstant(runDate, job.nextRunTime())
              ? runDate
              : job.nextRunTime().atZone(now.getZone());
      return time.isAfter(now)
          ? new DueRuns(List.of(), null, time)
          : new DueRuns(List.of(time), null, null);
    }
    Listing listing = new Listing(job, now);
    ZonedDateTime time = job.nextRunTime() == null ? null : job.nextRunTime().atZone(now.getZone());
    time = listing.take(time, MAX_LISTED);
    Skipped skipped = null;
    if (listing.isDue(time)) {
      ZonedDateTime windowStart = now.minus(job.misfireGraceTime());
      ZonedDateTime resume = skipTo(job.trigger(), time, windowStart);
      if (resume != time) {
        if (!job.coalesce()) {
          skipped = new Skipped(time, count(job.trigger(), time, resume));
        }
        time = resume;
      }
      time = listing.take(time, MAX_LISTED);
      if (listing.isDue(time) && job.coalesce()) {
        ZonedDateTime latest = skipTo(job.trigger(), time, now);
        if (latest != time && latest != null && !latest.isAfter(now)) {
          time = listing.take(latest, 1);
        } else {
          time = latest;
        }
      }
    }
    return new DueRuns(listing.finish(), skipped, time);
  }

  /**
   * A fire time as an instant: {@code known} (the job's next run time, say) when it is the same
   * instant, so that the run path makes no new object for it.
   */
  static Instant instantOf(ZonedDateTime time, Instant known) {
    return known != null && sameInstant(time, known) ? known : time.toInstant();
  }

  /** Whether {@code time} is {@code instant}, compared without making objects. */
  static boolean sameInstant(ZonedDateTime time, Instant instant) {
    return instant.getEpochSecond() == time.toEpochSecond() && instant.getNano() == time.getNano();
  }

  /**
   * The first fire time at or after {@code target}, for a trigger whose fire time {@code time} is
   * before it; {@code time} itself if the trigger cannot skip ahead.
   */
  private static ZonedDateTime skipTo(Trigger trigger, ZonedDateTime time, ZonedDateTime target) {
    if (!time.isBefore(target)) {
      return time;
    }
    if (trigger instanceof IntervalTrigger interval && interval.jitter().isZero()) {
      long periods = Duration.between(time, target).dividedBy(interval.interval());
      ZonedDateTime aligned = time.plus(interval.interval().multipliedBy(periods));
      if (aligned.isBefore(target)) {
        aligned = aligned.plus(interval.interval());
      }
      Optional<ZonedDateTime> end = interval.endDate();
      return end.isPresent() && aligned.isAfter(end.get()) ? null : aligned;
    }
    Optional<ZonedDateTime> resume = trigger.nextFireTime(null, target);
    if (resume.isEmpty()) {
      return null;
    }
    return resume.get().isAfter(time) ? resume.get() : time;
  }

  /** How many fire times lie in [{@code from}, {@code to}), or -1 if not cheaply known. */
  private static long count(Trigger trigger, ZonedDateTime from, ZonedDateTime to) {
    if (trigger instanceof IntervalTrigger interval && interval.jitter().isZero() && to != null) {
      return Duration.between(from, to).dividedBy(interval.interval());
    }
    return -1;
  }

  /** Collects due fire times, keeping only the latest for a coalescing job. */
  private static final class Listing {
    private final Job job;
    private final ZonedDateTime now;
    private final List<ZonedDateTime> due = new ArrayList<>(1);
    private ZonedDateTime latest;

    Listing(Job job, ZonedDateTime now) {
      this.job = job;
      this.now = now;
    }

    boolean isDue(ZonedDateTime time) {
      return time != null && !time.isAfter(now);
    }

    /**
     * Takes up to {@code max} due fire times from {@code time}; returns the first one not taken.
     */
    ZonedDateTime take(ZonedDateTime time, int max) {
      for (int taken = 0; taken < max && isDue(time); taken++) {
        if (job.coalesce()) {
          latest = time;
        } else {
          due.add(time);
        }
        time = following(time);
      }
      return time;
    }

    private ZonedDateTime following(ZonedDateTime time) {
      Optional<ZonedDateTime> next = job.trigger().nextFireTime(time, now);
      if (next.isPresent() && !next.get().isAfter(time)) {
        throw new IllegalStateException(
            "trigger "
                + job.trigger()
                + " returned "
                + next.get()
                + ", which is not after the previous fire time "
                + time
                + "; a trigger must return strictly later fire times");
      }
      return next.orElse(null);
    }

    List<ZonedDateTime> finish() {
      if (latest != null) {
        due.add(latest);
      }
      return due;
    }
  }
}
