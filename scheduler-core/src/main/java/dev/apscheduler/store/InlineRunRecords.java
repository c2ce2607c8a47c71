package dev.apscheduler.store;

import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import java.time.Instant;
import java.util.Arrays;

/**
 * The run records of a {@link MemoryRunHistory} kept as numbers by slot, one record a slot: a job's
 * only record, when it names no node and no failure (the usual record of an in-memory run). Such a
 * record costs no object of its own, so the history of a stream of one-shot jobs leaves the young
 * generation nothing to copy but the job ids.
 *
 * <p>Not thread-safe: the history guards it.
 */
final class InlineRunRecords {

  private static final RunOutcome[] OUTCOMES = RunOutcome.values();

  /** Times per slot: fire, start and end, each as epoch seconds then nanoseconds. */
  private static final int TIMES = 6;

  /** Per slot: the times; a start of {@code -1} nanoseconds for a run that never started. */
  private long[] times;

  private int[] attempts;
  private byte[] outcomes;

  InlineRunRecords(int capacity) {
    times = new long[capacity * TIMES];
    attempts = new int[capacity];
    outcomes = new byte[capacity];
  }

  /** Whether {@code record} can be kept here: it names no node and no failure. */
  static boolean fits(RunRecord record) {
    return record.node() == null && record.exceptionClass() == null;
  }

  /**
   * Keeps at {@code slot} the record of a run that names no node and no failure, given as its
   * parts.
   *
   * @param start when the run started, or {@code null} if it never did
   */
  void put(
      int slot, Instant fireTime, Instant start, Instant end, RunOutcome outcome, int attempt) {
    int at = slot * TIMES;
    times[at] = fireTime.getEpochSecond();
    times[at + 1] = fireTime.getNano();
    times[at + 2] = start == null ? 0 : start.getEpochSecond();
    times[at + 3] = start == null ? -1 : start.getNano();
    times[at + 4] = end.getEpochSecond();
    times[at + 5] = end.getNano();
    attempts[slot] = attempt;
    outcomes[slot] = (byte) outcome.ordinal();
  }

  /** The record kept at {@code slot}, of the job {@code jobId}. */
  RunRecord get(int slot, String jobId) {
    int at = slot * TIMES;
    return new RunRecord(
        jobId,
        Instant.ofEpochSecond(times[at], times[at + 1]),
        null,
        times[at + 3] < 0 ? null : Instant.ofEpochSecond(times[at + 2], times[at + 3]),
        end(slot),
        OUTCOMES[outcomes[slot]],
        attempts[slot],
        null,
        null,
        null);
  }

  /** When the run of the record at {@code slot} ended. */
  Instant end(int slot) {
    int at = slot * TIMES;
    return Instant.ofEpochSecond(times[at + 4], times[at + 5]);
  }

  /** Moves the record at {@code from} to {@code to} (compaction). */
  void move(int from, int to) {
    System.arraycopy(times, from * TIMES, times, to * TIMES, TIMES);
    attempts[to] = attempts[from];
    outcomes[to] = outcomes[from];
  }

  /** Makes room for {@code capacity} slots. */
  void grow(int capacity) {
    times = Arrays.copyOf(times, capacity * TIMES);
    attempts = Arrays.copyOf(attempts, capacity);
    outcomes = Arrays.copyOf(outcomes, capacity);
  }
}
