package dev.apscheduler.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Records how late each run of periodic jobs started (wall clock at the start of the body minus the
 * scheduled fire time), and counts the runs of each (job, fire time) so that a missed or doubled
 * run fails the measurement. The first fire time is counted but kept out of the histogram: it is
 * the warm-up.
 *
 * <p>Thread-safe.
 */
final class LatenessRecorder {

  private final Instant firstFire;
  private final int jobs;
  private final int fires;
  private final int warmUpFires;
  private final AtomicIntegerArray runs;
  private final Histogram micros = new ConcurrentHistogram(3_600_000_000L, 3);
  private final LongAdder early = new LongAdder();

  LatenessRecorder(Instant firstFire, int jobs, int fires, int warmUpFires) {
    this.firstFire = firstFire;
    this.warmUpFires = warmUpFires;
    this.jobs = jobs;
    this.fires = fires;
    this.runs = new AtomicIntegerArray(jobs * fires);
  }

  /** Records a run of {@code job} scheduled for {@code scheduled}, starting now. */
  void ran(int job, Instant scheduled) {
    Instant now = Instant.now();
    long fire = Duration.between(firstFire, scheduled).toMillis() / 1000;
    if (fire < 0 || fire >= fires) {
      return;
    }
    runs.incrementAndGet(job * fires + (int) fire);
    if (fire < warmUpFires) {
      return;
    }
    long late = Duration.between(scheduled, now).toNanos() / 1000;
    if (late < 0) {
      early.increment();
      late = 0;
    }
    micros.recordValue(late);
  }

  /**
   * Checks that every job ran exactly once at each fire time.
   *
   * @throws IllegalStateException if not
   */
  void verifyExactlyOnce(String system) {
    int never = 0;
    int twice = 0;
    for (int i = 0; i < runs.length(); i++) {
      int count = runs.get(i);
      if (count == 0) {
        never++;
      } else if (count > 1) {
        twice++;
      }
    }
    if (never > 0 || twice > 0) {
      throw new IllegalStateException(
          system
              + ": WRONG RESULT: of "
              + jobs
              + " jobs x "
              + fires
              + " fire times, "
              + never
              + " runs were missed and "
              + twice
              + " happened more than once");
    }
  }

  double percentileMillis(double percentile) {
    return micros.getValueAtPercentile(percentile) / 1000.0;
  }

  double maxMillis() {
    return micros.getMaxValue() / 1000.0;
  }

  long samples() {
    return micros.getTotalCount();
  }

  long early() {
    return early.sum();
  }
}
