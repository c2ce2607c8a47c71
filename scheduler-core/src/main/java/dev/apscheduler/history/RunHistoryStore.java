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
