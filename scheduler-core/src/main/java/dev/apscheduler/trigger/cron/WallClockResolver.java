package dev.apscheduler.trigger.cron;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Turns the wall-clock matches of a {@link CronSchedule} into instants in one zone. A matching wall
 * time in a spring gap fires at the instant it is shifted to (02:30 becomes 03:30 summer time),
 * unless a wall time after the gap matches at an earlier instant; a matching wall time in an autumn
 * overlap fires at both instants. Immutable and thread-safe.
 */
final class WallClockResolver {

  private final CronSchedule schedule;
  private final ZoneRules rules;

  WallClockResolver(CronSchedule schedule, ZoneRules rules) {
    this.schedule = schedule;
    this.rules = rules;
  }

  /**
   * The first fire instant (epoch seconds) at or after {@code from}, or {@link CronSchedule#NONE}.
   */
  long next(long from) {
    if (rules.isFixedOffset()) {
      int offset = rules.getOffset(Instant.EPOCH).getTotalSeconds();
      long wall = schedule.next(from + offset);
      return wall == CronSchedule.NONE ? wall : wall - offset;
    }
    Instant fromInstant = Instant.ofEpochSecond(from);
    long wallNow = from + rules.getOffset(fromInstant).getTotalSeconds();
    long wall = schedule.next(wallNow);
    long best = wall == CronSchedule.NONE ? CronSchedule.NONE : resolve(wall, from);
    // inside the first occurrence of a repeated hour: its earlier wall times come again
    ZoneOffsetTransition transition = rules.nextTransition(fromInstant);
    if (transition != null && transition.isOverlap()) {
      long repeatStart = localSeconds(transition.getDateTimeAfter());
      long repeatEnd = localSeconds(transition.getDateTimeBefore());
      if (wallNow >= repeatStart) {
        long again = schedule.next(repeatStart);
        if (again != CronSchedule.NONE && again < repeatEnd) {
          long instant = again - transition.getOffsetAfter().getTotalSeconds();
          if (best == CronSchedule.NONE || instant < best) {
            best = instant;
          }
        }
      }
    }
    return best;
  }

  /**
   * The instant of the matching wall time {@code wall}, the search having started at {@code from}.
   */
  private long resolve(long wall, long from) {
    LocalDateTime local = LocalDateTime.ofEpochSecond(wall, 0, ZoneOffset.UTC);
    ZoneOffsetTransition transition = rules.getTransition(local);
    if (transition == null) {
      return wall - rules.getOffset(local).getTotalSeconds();
    }
    long early = wall - transition.getOffsetBefore().getTotalSeconds();
    if (transition.isOverlap()) {
      return early >= from ? early : wall - transition.getOffsetAfter().getTotalSeconds();
    }
    // a gap: the wall time fires at the instant it is shifted to, unless a wall time after the
    // gap matches at an earlier instant
    long after = schedule.next(localSeconds(transition.getDateTimeAfter()));
    if (after != CronSchedule.NONE) {
      LocalDateTime afterLocal = LocalDateTime.ofEpochSecond(after, 0, ZoneOffset.UTC);
      ZoneOffsetTransition next = rules.getTransition(afterLocal);
      long instant =
          after
              - (next == null
                  ? rules.getOffset(afterLocal).getTotalSeconds()
                  : next.getOffsetBefore().getTotalSeconds());
      if (instant < early) {
        return instant;
      }
    }
    return early;
  }

  private static long localSeconds(LocalDateTime local) {
    return local.toEpochSecond(ZoneOffset.UTC);
  }
}
