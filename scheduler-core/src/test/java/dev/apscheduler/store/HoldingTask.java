package dev.apscheduler.store;

import dev.apscheduler.JobFunction;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A task for cluster tests that holds its run in flight until the test lets it end. */
final class HoldingTask {

  private HoldingTask() {}

  /**
   * Counts {@code holding} down as the run starts, then waits for {@code release} (60 s at most).
   */
  static JobFunction until(CountDownLatch holding, CountDownLatch release) {
    return context -> {
      holding.countDown();
      release.await(60, TimeUnit.SECONDS);
    };
  }
}
