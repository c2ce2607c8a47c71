package dev.apscheduler.store;

import dev.apscheduler.history.RunHistoryQuery;
import dev.apscheduler.history.RunHistoryStore;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.history.RunRetention;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The run history of a {@link MemoryJobStore}: a bounded ring of records per job, made on the job's
 * first recorded run, so a job that never ran costs nothing. A ring whose records all aged out is
 * dropped again. All rings together hold at most {@link MemoryJobStore#MAX_HISTORY_RECORDS}
 * records: beyond that the rings begun earliest (typically those of one-shot jobs long gone) are
 * dropped whole, so a stream of short-lived jobs cannot fill the heap before the age limit purges
 * them.
 *
 * <p>Records are kept compact ({@link Entry}: times as numbers, the exception only when there was
 * one), and a job with one record keeps it without a ring: history that lives on the heap for days
 * should cost the garbage collector as little as it can.
 *
 * <p>Thread-safe: each job's history is guarded by the map's lock of its entry; the total is an
 * atomic count.
 */
final class MemoryRunHistory implements RunHistoryStore {

  static final Comparator<RunRecord> NEWEST_FIRST = Comparator.comparing(RunRecord::end).reversed();

  private static final RunOutcome[] OUTCOMES = RunOutcome.values();

  /** What a failed run threw, as its record says. */
  private record Failure(String exceptionClass, String message, String stackTrace) {}

  /**
   * One record without its job id (the map's key): instants as epoch seconds and nanoseconds, a
   * start of {@code -1} nanoseconds for a run that never started.
   */
  private record Entry(
      long fireSeconds,
      int fireNanos,
      long startSeconds,
      int startNanos,
      long endSeconds,
      int endNanos,
      byte outcome,
      int attempt,
      String node,
      Failure failure) {

    static Entry of(RunRecord record) {
      Instant start = record.start();
      return new Entry(
          record.fireTime().getEpochSecond(),
          record.fireTime().getNano(),
          start == null ? 0 : start.getEpochSecond(),
          start == null ? -1 : start.getNano(),
          record.end().getEpochSecond(),
          record.end().getNano(),
          (byte) record.outcome().ordinal(),
          record.attempt(),
          record.node(),
          record.exceptionClass() == null
              ? null
              : new Failure(
                  record.exceptionClass(), record.exceptionMessage(), record.stackTrace()));
    }

    Instant end() {
      return Instant.ofEpochSecond(endSeconds, endNanos);
    }

    RunRecord toRecord(String jobId) {
      return new RunRecord(
          jobId,
          Instant.ofEpochSecond(fireSeconds, fireNanos),
          node,
          startNanos < 0 ? null : Instant.ofEpochSecond(startSeconds, startNanos),
          end(),
          OUTCOMES[outcome],
          attempt,
          failure == null ? null : failure.exceptionClass(),
          failure == null ? null : failure.message(),
          failure == null ? null : failure.stackTrace());
    }
  }

  /** Per job id: its one {@link Entry}, or an {@code ArrayDeque<Entry>} ring, oldest first. */
  private final ConcurrentHashMap<String, Object> histories = new ConcurrentHashMap<>();

  /** Job ids in the order their histories were begun (may name histories dropped since). */
  private final ConcurrentLinkedQueue<String> beginOrder = new ConcurrentLinkedQueue<>();

  private final AtomicInteger total = new AtomicInteger();

  @Override
  public boolean immediate() {
    return true;
  }

  @Override
  public void record(List<RunRecord> records, RunRetention retention) {
    int max = retention.maxRunsPerJob();
    for (RunRecord record : records) {
      Entry entry = Entry.of(record);
      int[] added = {1};
      histories.compute(
          record.jobId(),
          (id, kept) -> {
            if (kept == null) {
              beginOrder.add(id);
              return entry;
            }
            ArrayDeque<Entry> ring = ring(kept);
            ring.addLast(entry);
            while (ring.size() > max) {
              ring.removeFirst();
              added[0]--;
            }
            return ring;
          });
      if (total.addAndGet(added[0]) > MemoryJobStore.MAX_HISTORY_RECORDS) {
        dropEarliest();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static ArrayDeque<Entry> ring(Object kept) {
    if (kept instanceof Entry single) {
      ArrayDeque<Entry> ring = new ArrayDeque<>(4);
      ring.add(single);
      return ring;
    }
    return (ArrayDeque<Entry>) kept;
  }

  private static int size(Object kept) {
    return kept instanceof Entry ? 1 : ring(kept).size();
  }

  private void dropEarliest() {
    String id;
    while (total.get() > MemoryJobStore.MAX_HISTORY_RECORDS && (id = beginOrder.poll()) != null) {
      Object dropped = histories.remove(id);
      if (dropped != null) {
        total.addAndGet(-size(dropped));
      }
    }
  }

  @Override
  public List<RunRecord> find(RunHistoryQuery query) {
    List<RunRecord> found = new ArrayList<>();
    histories.computeIfPresent(
        query.jobId(),
        (id, kept) -> {
          for (Entry entry : kept instanceof Entry single ? List.of(single) : ring(kept)) {
            RunRecord record = entry.toRecord(id);
            if (query.matches(record)) {
              found.add(record);
            }
          }
          return kept;
        });
    found.sort(NEWEST_FIRST);
    return found.size() <= query.limit() ? found : List.copyOf(found.subList(0, query.limit()));
  }

  @Override
  public int purge(RunRetention retention, Instant now, int limit) {
    Instant cutoff = now.minus(retention.maxAge());
    int[] deleted = {0};
    for (String jobId : histories.keySet()) {
      histories.computeIfPresent(
          jobId,
          (id, kept) -> {
            if (kept instanceof Entry single) {
              boolean old = single.end().isBefore(cutoff);
              deleted[0] += old ? 1 : 0;
              return old ? null : single;
            }
            ArrayDeque<Entry> ring = ring(kept);
            int before = ring.size();
            ring.removeIf(entry -> entry.end().isBefore(cutoff));
            while (ring.size() > retention.maxRunsPerJob()) {
              ring.removeFirst();
            }
            deleted[0] += before - ring.size();
            return ring.isEmpty() ? null : ring;
          });
    }
    total.addAndGet(-deleted[0]);
    beginOrder.removeIf(id -> !histories.containsKey(id));
    return deleted[0];
  }
}
