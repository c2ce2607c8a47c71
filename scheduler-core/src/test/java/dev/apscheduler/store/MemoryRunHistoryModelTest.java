package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.history.RunHistoryQuery;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.history.RunRetention;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The memory store's run history against a plain model: records for many jobs, purges by age and
 * past the total bound, after which every job's history must read as the model's. Enough records go
 * through for the histories begun earliest to be dropped and the slots to be compacted many times
 * over.
 */
class MemoryRunHistoryModelTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final int MAX_RUNS = 3;

  /** Per job, in the order the histories were begun: its records, oldest first. */
  private final Map<String, ArrayDeque<RunRecord>> model = new LinkedHashMap<>();

  private int total;

  @Test
  void recordsPurgesAndTheTotalBoundKeepTheModelsHistories() {
    long seed = Long.getLong("apscheduler.test.seed", 20261202L);
    Random random = new Random(seed);
    MemoryRunHistory history = new MemoryRunHistory();
    RunRetention retention = new RunRetention(Duration.ofHours(1), MAX_RUNS);
    Instant now = T0;
    for (int step = 0; step < 400_000; step++) {
      now = now.plusMillis(random.nextInt(20));
      if (random.nextInt(50_000) == 0) {
        int deleted = history.purge(retention, now, Integer.MAX_VALUE);
        assertThat(deleted).as("seed %d, step %d", seed, step).isEqualTo(purge(now));
        continue;
      }
      // a few jobs run again and again, most once (one-shot jobs)
      String jobId = random.nextInt(4) == 0 ? "repeating-" + random.nextInt(500) : "once-" + step;
      RunRecord record = someRecord(random, jobId, now, step);
      if (record.node() == null && record.exceptionClass() == null && random.nextBoolean()) {
        // the scheduler's path for a run that threw nothing: the parts, no record object
        history.recordRun(
            jobId,
            record.fireTime(),
            record.start(),
            record.end(),
            record.outcome(),
            record.attempt(),
            retention);
      } else {
        history.record(List.of(record), retention);
      }
      record(record);
      if (step % 1_000 == 0) {
        String probe = random.nextBoolean() ? jobId : "repeating-" + random.nextInt(500);
        assertThat(history.find(RunHistoryQuery.of(probe, 10)))
            .as("seed %d, step %d, job %s", seed, step, probe)
            .isEqualTo(expected(probe));
      }
    }
    for (String jobId : List.copyOf(model.keySet()).subList(0, 2_000)) {
      assertThat(history.find(RunHistoryQuery.of(jobId, 10))).isEqualTo(expected(jobId));
    }
    assertThat(history.find(RunHistoryQuery.of("once-0", 10))).isEmpty();
  }

  private void record(RunRecord record) {
    ArrayDeque<RunRecord> ring = model.computeIfAbsent(record.jobId(), id -> new ArrayDeque<>());
    ring.addLast(record);
    total++;
    if (ring.size() > MAX_RUNS) {
      ring.removeFirst();
      total--;
    }
    Iterator<ArrayDeque<RunRecord>> earliest = model.values().iterator();
    while (total > MemoryJobStore.MAX_HISTORY_RECORDS) {
      total -= earliest.next().size();
      earliest.remove();
    }
  }

  private int purge(Instant now) {
    Instant cutoff = now.minus(Duration.ofHours(1));
    int deleted = 0;
    for (Iterator<ArrayDeque<RunRecord>> it = model.values().iterator(); it.hasNext(); ) {
      ArrayDeque<RunRecord> ring = it.next();
      int before = ring.size();
      ring.removeIf(record -> record.end().isBefore(cutoff));
      deleted += before - ring.size();
      if (ring.isEmpty()) {
        it.remove();
      }
    }
    total -= deleted;
    return deleted;
  }

  /**
   * A record that ends {@code now}: mostly what an in-memory run leaves (kept as numbers), some
   * with a failure or a node (kept as objects), some that never started, some of a later attempt.
   */
  private static RunRecord someRecord(Random random, String jobId, Instant now, int step) {
    Instant fireTime = now.minusNanos(random.nextInt(1_000_000_000));
    boolean started = random.nextInt(10) != 0;
    Instant start = started ? fireTime.plusNanos(random.nextInt(1_000_000)) : null;
    RuntimeException failure =
        started && random.nextInt(20) == 0 ? new IllegalStateException("run " + step) : null;
    RunOutcome outcome =
        !started ? RunOutcome.MISSED : failure != null ? RunOutcome.ERROR : RunOutcome.SUCCESS;
    RunRecord record = RunRecord.of(jobId, fireTime, start, now, outcome, failure);
    if (random.nextInt(30) == 0) {
      record = record.withNode("node-" + random.nextInt(3));
    }
    return random.nextInt(10) == 0 ? record.withAttempt(2 + random.nextInt(3)) : record;
  }

  private List<RunRecord> expected(String jobId) {
    List<RunRecord> records = new ArrayList<>(model.getOrDefault(jobId, new ArrayDeque<>()));
    records.sort(MemoryRunHistory.NEWEST_FIRST);
    return records;
  }
}
