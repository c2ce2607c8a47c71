package dev.apscheduler.store;

import dev.apscheduler.Job;
import dev.apscheduler.LostRunPolicy;
import dev.apscheduler.PendingRetry;
import dev.apscheduler.RetryPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The retry part of a job's document: {@code retry} (the policy), {@code on_lost} and {@code
 * pending_retry}, each written only when not at its default, so documents of jobs that do not retry
 * stay as they were, and documents written before retries existed read as "no retry".
 *
 * <p>Stateless and thread-safe.
 */
final class RetryFields {

  private RetryFields() {}

  /** Adds the retry fields of {@code job} to its document. */
  static void encode(Job job, Map<String, Object> doc) {
    RetryPolicy policy = job.retryPolicy();
    if (!policy.equals(RetryPolicy.NONE)) {
      Map<String, Object> retry = new LinkedHashMap<>();
      retry.put("max_attempts", policy.maxAttempts());
      retry.put("initial_delay", DocumentFields.encodeDuration(policy.initialDelay()));
      retry.put("multiplier", policy.multiplier());
      retry.put("max_delay", DocumentFields.encodeDuration(policy.maxDelay()));
      retry.put("jitter", policy.jitter());
      retry.put("retry_on", new ArrayList<>(policy.retryOn()));
      doc.put("retry", retry);
    }
    if (job.onLost() != LostRunPolicy.REPORT) {
      doc.put("on_lost", job.onLost().name().toLowerCase(Locale.ROOT));
    }
    PendingRetry pending = job.pendingRetry();
    if (pending != null) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("fire_time", EpochMicros.toMicros(pending.fireTime()));
      p.put("attempt", pending.attempt());
      p.put("due_at", EpochMicros.toMicros(pending.dueAt()));
      p.put(
          "trigger_next_run_time",
          pending.triggerNextRunTime() == null
              ? null
              : EpochMicros.toMicros(pending.triggerNextRunTime()));
      doc.put("pending_retry", p);
    }
  }

  /** Sets the retry fields of a document on {@code job}. */
  static Job.Builder decode(DocumentFields f, Job.Builder job) {
    if (f.keys().contains("retry")) {
      DocumentFields r = new DocumentFields(f.owner() + " retry", f.map("retry"));
      Set<String> retryOn = new LinkedHashSet<>();
      for (Object name : r.list("retry_on")) {
        retryOn.add(String.valueOf(name));
      }
      job.retryPolicy(
          new RetryPolicy(
              r.integer("max_attempts"),
              r.duration("initial_delay"),
              number(r, "multiplier"),
              r.duration("max_delay"),
              number(r, "jitter"),
              retryOn));
    }
    if (f.keys().contains("on_lost")) {
      job.onLost(LostRunPolicy.valueOf(f.string("on_lost").toUpperCase(Locale.ROOT)));
    }
    if (f.keys().contains("pending_retry") && f.values().get("pending_retry") != null) {
      DocumentFields p = new DocumentFields(f.owner() + " pending retry", f.map("pending_retry"));
      Object next = p.values().get("trigger_next_run_time");
      job.pendingRetry(
          new PendingRetry(
              micros(p, "fire_time"),
              p.integer("attempt"),
              micros(p, "due_at"),
              next == null ? null : micros(p, "trigger_next_run_time")));
    }
    return job;
  }

  /** The text form of {@link JobCodec#pendingRetryKey}. */
  static String key(PendingRetry pending) {
    return pending == null
        ? null
        : EpochMicros.toMicros(pending.fireTime())
            + "/"
            + pending.attempt()
            + "/"
            + EpochMicros.toMicros(pending.dueAt());
  }

  private static double number(DocumentFields f, String key) {
    if (f.values().get(key) instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException(f.owner() + ": '" + key + "' should be a number");
  }

  private static Instant micros(DocumentFields f, String key) {
    if (f.values().get(key) instanceof Number n) {
      return EpochMicros.fromMicros(n.longValue());
    }
    throw new IllegalArgumentException(f.owner() + ": '" + key + "' should be epoch microseconds");
  }
}
