package dev.apscheduler.store.mongodb;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.apscheduler.Job;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobDocuments;
import java.time.Instant;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The MongoDB document of a job, as {@link MongoJobStore} stores it, and the filters on it.
 * Stateless and thread-safe.
 */
final class JobRows {

  static final String NEXT_RUN_TIME = "next_run_time";
  static final String DOCUMENT = "document";
  private static final String RUNS = "runs";
  private static final String PAUSED = "paused";
  private static final String PENDING_RETRY = "pending_retry";

  /** Next run time first, then id; documents without a next run time sort first. */
  static final Bson ORDER = Sorts.ascending(NEXT_RUN_TIME, "_id");

  private JobRows() {}

  /** The document of {@code job}, whose JSON document is {@code json}. */
  static Document toRow(Job job, String json) {
    return new Document("_id", job.id())
        .append("name", job.name())
        .append(NEXT_RUN_TIME, micros(job))
        .append(RUNS, job.runs())
        .append(PAUSED, job.paused())
        .append(PENDING_RETRY, JobCodec.pendingRetryKey(job))
        .append("format_version", JobCodec.VERSION)
        .append(DOCUMENT, json);
  }

  /** The job of a stored document; empty (logged once) if it cannot be read. */
  static Optional<Job> read(JobDocuments docs, Document row) {
    return docs.read(row.getString("_id"), nextRunTime(row), row.getString(DOCUMENT));
  }

  static Instant nextRunTime(Document row) {
    Object micros = row.get(NEXT_RUN_TIME);
    return micros == null ? null : JobCodec.fromEpochMicros(((Number) micros).longValue());
  }

  /**
   * The document of this id if it has the next run time, runs, paused flag and pending retry of
   * {@code job} (a document without the field has no pending retry).
   */
  static Bson withScheduleOf(Job job) {
    return Filters.and(
        Filters.eq("_id", job.id()),
        Filters.eq(NEXT_RUN_TIME, micros(job)),
        Filters.eq(RUNS, job.runs()),
        Filters.eq(PAUSED, job.paused()),
        Filters.eq(PENDING_RETRY, JobCodec.pendingRetryKey(job)));
  }

  /** The document of this id if it was stored before runs and paused were fields. */
  static Bson olderRow(String id) {
    return Filters.and(Filters.eq("_id", id), Filters.exists(RUNS, false));
  }

  /** The document {@code stored} (an {@link #olderRow}), if it has not changed since read. */
  static Bson sameOlderRow(Document stored) {
    return Filters.and(
        olderRow(stored.getString("_id")),
        Filters.eq(NEXT_RUN_TIME, stored.get(NEXT_RUN_TIME)),
        Filters.eq(DOCUMENT, stored.getString(DOCUMENT)));
  }

  private static Long micros(Job job) {
    return job.nextRunTime() == null ? null : JobCodec.toEpochMicros(job.nextRunTime());
  }
}
