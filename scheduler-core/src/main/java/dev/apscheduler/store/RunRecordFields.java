package dev.apscheduler.store;

import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of a {@link RunRecord} as a document (for the Redis and MongoDB stores): names in
 * snake case, times as UTC epoch microseconds, absent values left out.
 *
 * <p>Stateless and thread-safe.
 */
public final class RunRecordFields {

  private RunRecordFields() {}

  /** The record as a document. */
  public static Map<String, Object> toMap(RunRecord r) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("job_id", r.jobId());
    doc.put("fire_time", JobCodec.toEpochMicros(r.fireTime()));
    putIfPresent(doc, "node_id", r.node());
    if (r.start() != null) {
      doc.put("started", JobCodec.toEpochMicros(r.start()));
    }
    doc.put("ended", JobCodec.toEpochMicros(r.end()));
    doc.put("outcome", r.outcome().name());
    doc.put("attempt", r.attempt());
    putIfPresent(doc, "exception_class", r.exceptionClass());
    putIfPresent(doc, "exception_message", r.exceptionMessage());
    putIfPresent(doc, "stack_trace", r.stackTrace());
    return doc;
  }

  /** A record read back from {@link #toMap}'s document. */
  public static RunRecord fromMap(Map<String, ?> doc) {
    return new RunRecord(
        (String) doc.get("job_id"),
        micros(doc.get("fire_time")),
        (String) doc.get("node_id"),
        micros(doc.get("started")),
        micros(doc.get("ended")),
        RunOutcome.valueOf((String) doc.get("outcome")),
        ((Number) doc.get("attempt")).intValue(),
        (String) doc.get("exception_class"),
        (String) doc.get("exception_message"),
        (String) doc.get("stack_trace"));
  }

  private static void putIfPresent(Map<String, Object> doc, String name, String value) {
    if (value != null) {
      doc.put(name, value);
    }
  }

  private static Instant micros(Object value) {
    return value == null ? null : JobCodec.fromEpochMicros(((Number) value).longValue());
  }
}
