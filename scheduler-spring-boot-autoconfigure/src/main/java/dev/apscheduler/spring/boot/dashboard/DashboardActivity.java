package dev.apscheduler.spring.boot.dashboard;

import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.event.SchedulerEvent;
import dev.apscheduler.event.SchedulerListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Counts the runs, errors and misfires of all jobs over the last hour, in one-minute buckets, from
 * scheduler events; the dashboard's overview shows them. Counting starts when the application
 * starts.
 *
 * <p>Thread-safe.
 */
public final class DashboardActivity implements SchedulerListener {

  /** How far back the counts reach. */
  public static final Duration WINDOW = Duration.ofHours(1);

  private static final int BUCKETS = (int) WINDOW.toMinutes();

  private final Clock clock;
  private final long[] minuteOf = new long[BUCKETS];
  private final long[] runs = new long[BUCKETS];
  private final long[] errors = new long[BUCKETS];
  private final long[] misfires = new long[BUCKETS];

  /** Counts by the system clock. */
  public DashboardActivity() {
    this(Clock.systemUTC());
  }

  /** Counts by {@code clock} (for tests). */
  public DashboardActivity(Clock clock) {
    this.clock = clock;
    Arrays.fill(minuteOf, -1);
  }

  @Override
  public void onEvent(SchedulerEvent event) {
    if (!(event instanceof JobEvent job)) {
      return;
    }
    EventType type = job.type();
    if (type != EventType.JOB_EXECUTED
        && type != EventType.JOB_ERROR
        && type != EventType.JOB_MISSED) {
      return;
    }
    long minute = clock.instant().getEpochSecond() / 60;
    synchronized (this) {
      int i = bucket(minute);
      if (type == EventType.JOB_MISSED) {
        misfires[i] += Math.max(1, job.fireTimeCount());
      } else {
        runs[i]++;
        if (type == EventType.JOB_ERROR) {
          errors[i]++;
        }
      }
    }
  }

  /** The counts of the last hour, up to now. */
  public synchronized LastHour lastHour() {
    long now = clock.instant().getEpochSecond() / 60;
    long totalRuns = 0;
    long totalErrors = 0;
    long totalMisfires = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (minuteOf[i] > now - BUCKETS && minuteOf[i] <= now) {
        totalRuns += runs[i];
        totalErrors += errors[i];
        totalMisfires += misfires[i];
      }
    }
    return new LastHour(clock.instant().minus(WINDOW), totalRuns, totalErrors, totalMisfires);
  }

  private int bucket(long minute) {
    int i = (int) Math.floorMod(minute, (long) BUCKETS);
    if (minuteOf[i] != minute) {
      minuteOf[i] = minute;
      runs[i] = 0;
      errors[i] = 0;
      misfires[i] = 0;
    }
    return i;
  }

  /**
   * The counts over the last hour.
   *
   * <p>Immutable and thread-safe.
   *
   * @param since the start of the hour counted
   * @param runs runs that ended, normally or by throwing
   * @param errors runs that threw
   * @param misfires runs missed for being later than their grace time
   */
  public record LastHour(Instant since, long runs, long errors, long misfires) {}
}
