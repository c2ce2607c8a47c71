package dev.apscheduler.benchmarks;

import org.quartz.simpl.RAMJobStore;

/**
 * Quartz's RAMJobStore, unchanged, remembering the last instance built so that the harness can time
 * its trigger acquisition directly.
 */
public final class BenchRamJobStore extends RAMJobStore {

  private static volatile BenchRamJobStore last;

  /** Called by Quartz. */
  public BenchRamJobStore() {
    last = this;
  }

  static BenchRamJobStore last() {
    return last;
  }
}
