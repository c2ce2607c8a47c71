package dev.apscheduler.store;

import dev.apscheduler.history.RunHistoryQuery;
import dev.apscheduler.history.RunHistoryStore;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.history.RunRetention;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The run history of a {@link MemoryJobStore}: a bounded ring of records per job, made on the job's
 * first recorded run, so a job that never ran costs nothing. A ring whose records all aged out is
 * dropped again. All rings together hold at most {@link MemoryJobStore#MAX_HISTORY_RECORDS}
 * records: beyond that the rings begun earliest (typically those of one-shot jobs long gone) are
 * dropped whole, so a stream of short-lived jobs cannot fill the heap before the age limit purges
 * them.
 *
 * <p>Records are kept compact ({@link Entry}: times as numbers, the exception only when there was
 * one), and a job with one record keeps it without a ring; when that record names no node and no
 * failure, as an in-memory run's usually does, it is kept as numbers in arrays by slot ({@link
 * InlineRunRecords}), with no object of its own. History that lives on the heap for days, or a
 * stream of one-shot jobs, should cost the garbage collector as little as it can.
 *
 * <p>Thread-safe: guarded by its own monitor, held for one record at a time (one lock per run:
 * cheaper under a stream of one-shot jobs than a concurrent map, which also resizes as it grows)
 * and for a chunk of histories at a time while purging.
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
      return of(
          record.fireTime(),
          record.start(),
          record.end(),
          record.outcome(),
          record.attempt(),
          record.node(),
          record.exceptionClass() == null
              ? null
              : new Failure(
                  record.exceptionClass(), record.exceptionMessage(), record.stackTrace()));
    }

    static Entry of(
        Instant fireTime,
        Instant start,
        Instant end,
        RunOutcome outcome,
        int attempt,
        String node,
        Failure failure) {
      return new Entry(
          fireTime.getEpochSecond(),
          fireTime.getNano(),
          start == null ? 0 : start.getEpochSecond(),
          start == null ? -1 : start.getNano(),
          end.getEpochSecond(),
          end.getNano(),
          (byte) outcome.ordinal(),
          attempt,
          node,
          failure);
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

  /** How many histories the purge goes through per hold of the lock. */
  private static final int PURGE_CHUNK = 1024;

  /** In {@link #kept}: the slot's one record is in {@link #inline}. */
  private static final Object INLINE = new Object();

  /**
   * By slot, in the order the histories were begun (so the earliest-begun comes first when the
   * total is too high): the job id and its one record ({@link #INLINE}, kept as numbers in {@link
   * #inline}, or an {@link Entry}) or its {@code ArrayDeque<Entry>} ring, oldest first; both {@code
   * null} for a history dropped since. Slots are appended and reused only by compaction, so a
   * record writes references at the end of these arrays only, never at a random place of a large
   * old array (what G1 makes costly), and the index holds numbers.
   */
  // @GuardedBy("this")
  private String[] jobIds = new String[16];

  // @GuardedBy("this")
  private Object[] kept = new Object[16];

  // @GuardedBy("this") the records of the slots marked INLINE
  private final InlineRunRecords inline = new InlineRunRecords(16);

  // @GuardedBy("this") slots below are empty
  private int head;

  // @GuardedBy("this") slots from here on are unused
  private int next;

  // @GuardedBy("this") histories kept
  private int live;

  // @GuardedBy("this")
  private final IdIndex slotsByJobId = new IdIndex(slot -> jobIds[slot]);

  // @GuardedBy("this") records in all histories
  private int total;

  @Override
  public boolean immediate() {
    return true;
  }

  @Override
  public void record(List<RunRecord> records, RunRetention retention) {
    for (RunRecord record : records) {
      if (InlineRunRecords.fits(record)) {
        recordRun(
            record.jobId(),
            record.fireTime(),
            record.start(),
            record.end(),
            record.outcome(),
            record.attempt(),
            retention);
      } else {
        Entry entry = Entry.of(record);
        synchronized (this) {
          int slot = slotsByJobId.find(record.jobId());
          if (slot < 0) {
            begin(record.jobId(), entry);
          } else {
            append(slot, entry, retention.maxRunsPerJob());
          }
          counted();
        }
      }
    }
  }

  /**
   * Keeps the parts as numbers when they begin the job's history, making no record object; as an
   * entry of its ring otherwise.
   */
  @Override
  public void recordRun(
      String jobId,
      Instant fireTime,
      Instant start,
      Instant end,
      RunOutcome outcome,
      int attempt,
      RunRetention retention) {
    synchronized (this) {
      int slot = slotsByJobId.find(jobId);
      if (slot < 0) {
        inline.put(begin(jobId, INLINE), fireTime, start, end, outcome, attempt);
      } else {
        append(
            slot,
            Entry.of(fireTime, start, end, outcome, attempt, null, null),
            retention.maxRunsPerJob());
      }
      counted();
    }
  }

  /** Adds {@code entry} to the history at {@code slot}, keeping its newest {@code maxRuns}. */
  // @GuardedBy("this")
  private void append(int slot, Entry entry, int maxRuns) {
    ArrayDeque<Entry> ring = ring(slot);
    ring.addLast(entry);
    while (ring.size() > maxRuns) {
      ring.removeFirst();
      total--;
    }
    kept[slot] = ring;
  }

  /** Counts the record just kept, dropping the earliest histories past the total bound. */
  // @GuardedBy("this")
  private void counted() {
    total++;
    if (total > MemoryJobStore.MAX_HISTORY_RECORDS) {
      dropEarliest();
    }
  }

  /** The ring of the history at {@code slot}: a new one holding its one record if it has one. */
  // @GuardedBy("this")
  @SuppressWarnings("unchecked")
  private ArrayDeque<Entry> ring(int slot) {
    if (kept[slot] instanceof ArrayDeque<?> ring) {
      return (ArrayDeque<Entry>) ring;
    }
    ArrayDeque<Entry> ring = new ArrayDeque<>(4);
    ring.add(single(slot));
    return ring;
  }

  /** The one record of the history at {@code slot}, which has no ring. */
  // @GuardedBy("this")
  private Entry single(int slot) {
    return kept[slot] == INLINE ? Entry.of(inline.get(slot, jobIds[slot])) : (Entry) kept[slot];
  }

  private static int size(Object kept) {
    return kept instanceof ArrayDeque<?> ring ? ring.size() : 1;
  }

  // @GuardedBy("this")
  private void dropEarliest() {
    while (total > MemoryJobStore.MAX_HISTORY_RECORDS && head < next) {
      if (jobIds[head] != null) {
        total -= size(kept[head]);
        drop(head);
      }
      head++;
    }
  }

  /** Begins the history of {@code jobId} in a new slot, which it returns. */
  // @GuardedBy("this")
  private int begin(String jobId, Object history) {
    if (next == jobIds.length) {
      makeRoom();
    }
    jobIds[next] = jobId;
    kept[next] = history;
    slotsByJobId.add(jobId, next);
    live++;
    return next++;
  }

  // @GuardedBy("this")
  private void drop(int slot) {
    slotsByJobId.remove(jobIds[slot]);
    jobIds[slot] = null;
    kept[slot] = null;
    live--;
  }

  /**
   * Makes room at the end: moves the kept histories to the front, in order, when at most half the
   * slots hold one (so each slot moves once per as many new histories), else doubles the arrays.
   */
  // @GuardedBy("this")
  private void makeRoom() {
    if (live > jobIds.length / 2) {
      inline.grow(jobIds.length * 2); // first: a failed allocation leaves every array as it was
      jobIds = Arrays.copyOf(jobIds, jobIds.length * 2);
      kept = Arrays.copyOf(kept, kept.length * 2);
      return;
    }
    slotsByJobId.clear();
    int to = 0;
    for (int slot = head; slot < next; slot++) {
      if (jobIds[slot] != null) {
        jobIds[to] = jobIds[slot];
        kept[to] = kept[slot];
        if (kept[slot] == INLINE) {
          inline.move(slot, to);
        }
        slotsByJobId.add(jobIds[to], to++);
      }
    }
    Arrays.fill(jobIds, to, next, null);
    Arrays.fill(kept, to, next, null);
    head = 0;
    next = to;
  }

  @Override
  public List<RunRecord> find(RunHistoryQuery query) {
    List<RunRecord> found = new ArrayList<>();
    synchronized (this) {
      int slot = slotsByJobId.find(query.jobId());
      if (slot >= 0) {
        for (Entry entry :
            kept[slot] instanceof ArrayDeque<?> ? ring(slot) : List.of(single(slot))) {
          RunRecord record = entry.toRecord(query.jobId());
          if (query.matches(record)) {
            found.add(record);
          }
        }
      }
    }
    found.sort(NEWEST_FIRST);
    return found.size() <= query.limit() ? found : List.copyOf(found.subList(0, query.limit()));
  }

  /**
   * Purges every history, a chunk of them per hold of the lock so that runs ending meanwhile are
   * not held up for long.
   */
  @Override
  public int purge(RunRetention retention, Instant now, int limit) {
    Instant cutoff = now.minus(retention.maxAge());
    List<String> ids;
    synchronized (this) {
      ids = new ArrayList<>(live);
      for (int slot = head; slot < next; slot++) {
        if (jobIds[slot] != null) {
          ids.add(jobIds[slot]);
        }
      }
    }
    int deleted = 0;
    for (int from = 0; from < ids.size(); from += PURGE_CHUNK) {
      synchronized (this) {
        for (String id : ids.subList(from, Math.min(ids.size(), from + PURGE_CHUNK))) {
          deleted += purge(id, cutoff, retention.maxRunsPerJob());
        }
      }
    }
    return deleted;
  }

  /** Purges one job's history; how many records it deleted. */
  // @GuardedBy("this")
  private int purge(String id, Instant cutoff, int maxRuns) {
    int slot = slotsByJobId.find(id);
    if (slot < 0) {
      return 0;
    }
    int deleted;
    if (!(kept[slot] instanceof ArrayDeque<?>)) {
      Instant end = kept[slot] == INLINE ? inline.end(slot) : ((Entry) kept[slot]).end();
      if (!end.isBefore(cutoff)) {
        return 0;
      }
      drop(slot);
      deleted = 1;
    } else {
      ArrayDeque<Entry> ring = ring(slot);
      int before = ring.size();
      ring.removeIf(entry -> entry.end().isBefore(cutoff));
      while (ring.size() > maxRuns) {
        ring.removeFirst();
      }
      if (ring.isEmpty()) {
        drop(slot);
      }
      deleted = before - ring.size();
    }
    total -= deleted;
    return deleted;
  }
}
