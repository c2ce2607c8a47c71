package dev.apscheduler.history;

import java.time.Instant;
import java.util.List;

/**
 * Where a job store keeps the run history of its jobs ({@code JobStore.runHistory()}). The
 * scheduler hands it the records of ended runs in batches from one background thread, reads it for
 * {@code Scheduler.getRunHistory}, and has it purge by its {@link RunRetention} now and then.
 *
 * <p>Implementations must be thread-safe.
 */
public interface RunHistoryStore {

  /** A store that keeps no history: records are dropped, reads are empty. */
  RunHistoryStore NONE =
      new RunHistoryStore() {
        @Override
        public void record(List<RunRecord> records, RunRetention retention) {}

        @Override
        public List<RunRecord> find(RunHistoryQuery query) {
          return List.of();
        }

        @Override
        public int purge(RunRetention retention, Instant now, int limit) {
          return 0;
        }

        @Override
        public boolean immediate() {
          return true;
        }
      };

  /**
   * Writes a batch of records (one round trip or transaction where the storage allows). A store may
   * apply the per-job count limit of {@code retention} here.
   */
  void record(List<RunRecord> records, RunRetention retention);

  /**
   * Writes the record of one run that threw nothing, given as its parts (the node is the store's
   * own, none for a store that is not shared). The default makes the {@link RunRecord} and calls
   * {@link #record}; an {@linkplain #immediate() immediate} store, written on the path of every
   * run, may keep the parts without making the record.
   *
   * @param start when the run started, or {@code null} if it never did
   */
  default void recordRun(
      String jobId,
      Instant fireTime,
      Instant start,
      Instant end,
      RunOutcome outcome,
      int attempt,
      RunRetention retention) {
    record(
        List.of(
            new RunRecord(jobId, fireTime, null, start, end, outcome, attempt, null, null, null)),
        retention);
  }

  /** The records the query asks for, newest (by end) first. */
  List<RunRecord> find(RunHistoryQuery query);

  /**
   * Deletes records beyond {@code retention} as of {@code now}, at most about {@code limit} of them
   * in one call.
   *
   * @return how many records were deleted (the scheduler calls again soon when it is {@code limit}
   *     or more)
   */
  int purge(RunRetention retention, Instant now, int limit);

  /**
   * Whether a single record is cheap enough to write on the thread that ran the job (an in-memory
   * store): the scheduler then hands each record over at once instead of queuing it for a batched
   * write from its background thread. The default is {@code false}.
   */
  default boolean immediate() {
    return false;
  }
}
