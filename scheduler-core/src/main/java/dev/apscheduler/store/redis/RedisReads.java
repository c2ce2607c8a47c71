package dev.apscheduler.store.redis;

import dev.apscheduler.Job;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobDocuments;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScoredValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reads of a {@link RedisJobStore}. Documents that cannot be read are logged and skipped
 * ({@link JobDocuments}). Jobs claimed by a cluster node's due pass are reported at their real next
 * run times.
 *
 * <p>Thread-safe.
 *
 * @param calls the store's scripts
 * @param docs the store's documents
 */
record RedisReads(RedisCalls calls, JobDocuments docs) {

  /** The job of this id, if any; throws if its document cannot be read. */
  Optional<Job> lookup(String jobId) {
    List<Object> found = calls.query("look up job '" + jobId + "'", RedisScripts.LOOKUP, jobId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        docs.readOrThrow(jobId, RedisCalls.instant(found.get(1)), (String) found.get(0)));
  }

  /** Up to {@code limit} readable jobs due at {@code now}, earliest first. */
  List<Job> due(Instant now, int limit) {
    while (true) {
      int skipped = docs.unreadableCount();
      List<Object> rows =
          calls.query(
              "read due jobs",
              RedisScripts.DUE,
              Long.toString(JobCodec.toEpochMicros(now)),
              Integer.toString(limit + skipped));
      List<Job> due = new ArrayList<>();
      for (int i = 0; i + 2 < rows.size() && due.size() < limit; i += 3) {
        String json = (String) rows.get(i + 2);
        if (json != null) {
          docs.read((String) rows.get(i), RedisCalls.instant(rows.get(i + 1)), json)
              .ifPresent(due::add);
        }
      }
      if (due.size() == limit
          || rows.size() / 3 < limit + skipped
          || docs.unreadableCount() == skipped) {
        return due;
      }
    }
  }

  /** The earliest score of a readable job (a claim's end while a due pass holds that job). */
  Optional<Instant> nextRunTime() {
    List<ScoredValue<String>> first;
    try {
      first = calls.commands().zrangeWithScores(calls.keys()[1], 0, docs.unreadableCount());
    } catch (RedisException e) {
      throw calls.failure("read the next run time", e);
    }
    for (ScoredValue<String> entry : first) {
      if (!docs.isUnreadable(entry.getValue())) {
        return Optional.of(JobCodec.fromEpochMicros((long) entry.getScore()));
      }
    }
    return Optional.empty();
  }

  /**
   * One page in the order of {@link #all()}, reading only its documents (and, for paused jobs, the
   * ids); cut from {@link #all()} while a cluster node's claim moves some job's score.
   */
  List<Job> page(int offset, int limit) {
    List<Object> rows =
        calls.query(
            "read a page of jobs",
            RedisScripts.PAGE,
            Integer.toString(offset),
            Integer.toString(limit));
    if (rows.isEmpty() || !Long.valueOf(1).equals(rows.get(0))) {
      List<Job> all = all();
      int from = Math.min(offset, all.size());
      return new ArrayList<>(all.subList(from, Math.min(all.size(), from + limit)));
    }
    List<Job> page = new ArrayList<>(limit);
    for (int i = 1; i + 2 < rows.size(); i += 3) {
      String json = (String) rows.get(i + 2);
      if (json != null) {
        docs.read((String) rows.get(i), RedisCalls.instant(rows.get(i + 1)), json)
            .ifPresent(page::add);
      }
    }
    return page;
  }

  /** Every readable job, by next run time, paused ones last (by id). */
  List<Job> all() {
    List<Object> both = calls.query("read all jobs", RedisScripts.ALL);
    List<?> hash = (List<?>) both.get(0);
    List<?> scores = (List<?>) both.get(1);
    Map<String, String> jsonById = new HashMap<>();
    for (int i = 0; i + 1 < hash.size(); i += 2) {
      jsonById.put((String) hash.get(i), (String) hash.get(i + 1));
    }
    List<Job> all = new ArrayList<>(jsonById.size());
    for (int i = 0; i + 1 < scores.size(); i += 2) {
      String id = (String) scores.get(i);
      String json = jsonById.remove(id);
      if (json != null) {
        docs.read(id, RedisCalls.instant(scores.get(i + 1)), json).ifPresent(all::add);
      }
    }
    all.sort(Comparator.comparing(Job::nextRunTime));
    jsonById.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> docs.read(e.getKey(), null, e.getValue()).ifPresent(all::add));
    return all;
  }
}
