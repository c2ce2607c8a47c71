package dev.apscheduler;

/**
 * What a cluster does with a run that was in flight on a node that stopped (crash, kill, lost
 * connection) when another node reaps that node's records.
 *
 * <p>Immutable and thread-safe.
 */
public enum LostRunPolicy {
  /**
   * Report the run ({@code JOB_LOST}, a {@code LOST} history record) and leave it: at most once.
   */
  REPORT,
  /**
   * Report it and run that fire time once more on a live node, as a new attempt (at least once):
   * for idempotent jobs only. The history shows the lost attempt and the new one.
   */
  RERUN
}
