package dev.apscheduler.store;

import dev.apscheduler.history.RunHistoryQuery;
import dev.apscheduler.history.RunHistoryStore;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.history.RunRetention;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run history of a {@link MemoryJobStore}: a bounded ring of records per job, made on the job's
 * first recorded run, so a job that never ran costs nothing. A ring whose records all aged out is
 * dropped again.
 *
 * <p>Thread-safe: each ring is guarded by its own monitor.
 */
final class MemoryRunHistory implements RunHistoryStore {

  static final Comparator<RunRecord> NEWEST_FIRST = Comparator.comparing(RunRecord::end).reversed();

  private final ConcurrentHashMap<String, ArrayDeque<RunRecord>> rings = new ConcurrentHashMap<>();

  @Override
  public void record(List<RunRecord> records, RunRetention retention) {
    for (RunRecord record : records) {
      rings.compute(
          record.jobId(),
          (id, ring) -> {
            ArrayDeque<RunRecord> r = ring == null ? new ArrayDeque<>(4) : ring;
            r.addLast(record);
            while (r.size() > retention.maxRunsPerJob()) {
              r.removeFirst();
            }
            return r;
          });
    }
  }

  @Override
  public List<RunRecord> find(RunHistoryQuery query) {
    List<RunRecord> found = new ArrayList<>();
    rings.computeIfPresent(
        query.jobId(),
        (id, ring) -> {
          for (RunRecord record : ring) {
            if (query.matches(record)) {
              found.add(record);
            }
          }
          return ring;
        });
    found.sort(NEWEST_FIRST);
    return found.size() <= query.limit() ? found : List.copyOf(found.subList(0, query.limit()));
  }

  @Override
  public int purge(RunRetention retention, Instant now, int limit) {
    Instant cutoff = now.minus(retention.maxAge());
    int[] deleted = {0};
    for (String jobId : rings.keySet()) {
      rings.computeIfPresent(
          jobId,
          (id, ring) -> {
            int before = ring.size();
            ring.removeIf(record -> record.end().isBefore(cutoff));
            while (ring.size() > retention.maxRunsPerJob()) {
              ring.removeFirst();
            }
            deleted[0] += before - ring.size();
            return ring.isEmpty() ? null : ring;
          });
    }
    return deleted[0];
  }
}
