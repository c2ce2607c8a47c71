package dev.apscheduler.benchmarks;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Counts the runs of each job index, so that a run in which a job ran zero or two times fails
 * loudly instead of counting as fast. Every job body of every system calls {@link #ran(int)}.
 *
 * <p>Thread-safe.
 */
final class RunCounter {

  private final AtomicIntegerArray runs;
  private final AtomicInteger remaining;
  private final CountDownLatch allRan = new CountDownLatch(1);
  private volatile long finishedAtNanos;

  RunCounter(int jobs) {
    runs = new AtomicIntegerArray(jobs);
    remaining = new AtomicInteger(jobs);
  }

  /** Records a run of job {@code index}. */
  void ran(int index) {
    runs.getAndIncrement(index);
    if (remaining.decrementAndGet() == 0) {
      finishedAtNanos = System.nanoTime();
      allRan.countDown();
    }
  }

  /**
   * Waits until as many runs as jobs happened and returns the {@link System#nanoTime()} of the last
   * one.
   *
   * @throws IllegalStateException if that takes longer than {@code timeout}
   */
  long awaitAll(Duration timeout) throws InterruptedException {
    if (!allRan.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new IllegalStateException(
          "Runs missing after " + timeout + ": " + remaining.get() + " of " + runs.length());
    }
    return finishedAtNanos;
  }

  /**
   * Checks that every job ran exactly once; call it after the system under test has stopped.
   *
   * @throws IllegalStateException naming how many jobs ran zero and two or more times
   */
  void verifyExactlyOnce(String system) {
    int never = 0;
    int twice = 0;
    int firstBad = -1;
    for (int i = 0; i < runs.length(); i++) {
      int count = runs.get(i);
      if (count != 1) {
        if (firstBad < 0) {
          firstBad = i;
        }
        if (count == 0) {
          never++;
        } else {
          twice++;
        }
      }
    }
    if (never > 0 || twice > 0) {
      throw new IllegalStateException(
          system
              + ": WRONG RESULT: "
              + never
              + " job(s) never ran and "
              + twice
              + " ran more than once (first: index "
              + firstBad
              + ")");
    }
  }
}
