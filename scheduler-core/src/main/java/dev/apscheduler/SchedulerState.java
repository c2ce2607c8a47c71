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
  SHUT_DOWN,
  /**
   * Stopped by an unexpected error in the scheduling loop (logged with its cause): no job runs any
   * more. Health checks report it as down; {@code shutdown()} releases what is left.
   */
  FAILED
}
