package dev.apscheduler;

/** The life-cycle states of a {@link Scheduler}. Immutable and thread-safe, as every enum. */
public enum SchedulerState {
  /** Built, not started yet: jobs added now are tentative. */
  STOPPED,
  /** Running jobs. */
  RUNNING,
  /** Started, but processing no job until resumed. */
  PAUSED,
  /** Shut down for good. */
  SHUT_DOWN
}
