package dev.apscheduler.internal;

import dev.apscheduler.Job;
import java.lang.System.Logger.Level;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The run-time maths of one due job: every fire time from its next run time up to now (only the
 * latest when the job coalesces), and the first fire time after now.
 *
 * <p>Immutable and thread-safe.
 *
 * @param fireTimes the fire times that are due, earliest first
 * @param next the first fire time after now, or {@code null} if the trigger is finished
 */
public record DueRuns(List<ZonedDateTime> fireTimes, ZonedDateTime next) {

  private static final System.Logger LOG = System.getLogger(DueRuns.class.getName());

  /** Lists the due fire times of {@code job} at {@code now}. */
  public static DueRuns list(Job job, ZonedDateTime now) {
    List<ZonedDateTime> due = new ArrayList<>(1);
    ZonedDateTime time = job.nextRunTime() == null ? null : job.nextRunTime().atZone(now.getZone());
    ZonedDateTime latest = null;
    while (time != null && !time.isAfter(now)) {
      if (job.coalesce()) {
        latest = time;
      } else {
        due.add(time);
      }
      Optional<ZonedDateTime> following = job.trigger().nextFireTime(time, now);
      if (following.isPresent() && !following.get().isAfter(time)) {
        LOG.log(
            Level.ERROR,
            "Trigger "
                + job.trigger()
                + " of job "
                + job.id()
                + " returned "
                + following.get()
                + ", not after the previous fire time "
                + time
                + "; treating the trigger as finished");
        time = null;
      } else {
        time = following.orElse(null);
      }
    }
    if (latest != null) {
      due.add(latest);
    }
    return new DueRuns(due, time);
  }
}
