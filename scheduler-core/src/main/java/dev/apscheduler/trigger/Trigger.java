package dev.apscheduler.trigger;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Decides when a job runs: a pure function of the previous fire time and the current time.
 *
 * <p>The scheduler calls {@link #nextFireTime} with {@code previousFireTime == null} to find a
 * job's first run, then with the last fire time to list every run that is due. An empty result
 * means the trigger is finished and the job is removed.
 *
 * <p>Implementations must be immutable and thread-safe: one trigger instance is shared by all runs
 * of its job and may be evaluated from any thread.
 */
@FunctionalInterface
public interface Trigger {

  /**
   * Returns the next time the job should run.
   *
   * @param previousFireTime the fire time of the previous run, or {@code null} if the job has not
   *     run yet
   * @param now the current time, in any zone (implementations convert it to their own zone)
   * @return the next fire time, possibly earlier than {@code now} when runs were missed, or empty
   *     if the trigger will never fire again
   */
  Optional<ZonedDateTime> nextFireTime(ZonedDateTime previousFireTime, ZonedDateTime now);

  /**
   * The first fire time from {@code now} as an instant, or {@code null} if the trigger never fires:
   * what the scheduler asks when a job is added or rescheduled. The default converts {@code now} to
   * {@code zone} and calls {@link #nextFireTime}; triggers whose fire times need no calendar
   * (intervals, a single date) answer without it.
   *
   * @param now the current time
   * @param zone the scheduler's time zone, for {@code now}
   */
  default Instant firstFireInstant(Instant now, ZoneId zone) {
    return nextFireTime(null, now.atZone(zone)).map(ZonedDateTime::toInstant).orElse(null);
  }
}
