package dev.apscheduler.store;

import dev.apscheduler.Job;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.Task;
import dev.apscheduler.TaskRegistry;
import dev.apscheduler.trigger.Trigger;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The versioned document form of a job, as persistent job stores keep it: a tree of maps, lists,
 * strings, numbers and booleans that {@link #toJson} writes as JSON text (with Jackson 3, an
 * optional dependency) and {@link #fromJson} reads back. No Java serialization is involved.
 *
 * <p>A document (format {@value #VERSION}) holds {@code version}, {@code name}, {@code task} (the
 * text reference), {@code args}, {@code kwargs}, {@code trigger} (a spec with a {@code type} of
 * {@code date}, {@code interval}, {@code cron}, {@code calendarinterval}, {@code and} or {@code
 * or}), and the options {@code executor}, {@code misfire_grace_time} (milliseconds, or an ISO-8601
 * duration when not a whole number of milliseconds), {@code coalesce}, {@code max_runs}, {@code
 * runs}, {@code max_instances} and {@code paused}. The id and the next run time are not in the
 * document: stores keep them in columns or fields of their own, the next run time as UTC epoch
 * microseconds ({@link #toEpochMicros}), which holds the times from {@value
 * EpochMicros#RANGE_TEXT}. Date-times in triggers are ISO-8601 strings with offset and zone id
 * ({@code 2026-10-25T02:30:00+01:00[Europe/Paris]}), so wall-clock and daylight saving semantics
 * survive a restart.
 *
 * <p>Argument values may be {@code null}, strings, booleans, numbers, lists and maps with string
 * keys, nested. Numbers come back as the smallest fitting of {@code Integer}, {@code Long} and
 * {@code BigInteger}, or as {@code Double} ({@code BigDecimal} when a double would lose digits).
 *
 * <p>Stateless and thread-safe.
 */
public final class JobCodec {

  /** The document format this version writes and the newest it reads. */
  public static final int VERSION = 1;

  /** The Maven coordinates of the JSON library persistent stores need. */
  public static final String JACKSON_DEPENDENCY = "tools.jackson.core:jackson-databind";

  private static final String JACKSON_CLASS = "tools.jackson.databind.json.JsonMapper";
  private static volatile Boolean jacksonPresent;

  private JobCodec() {}

  /**
   * Checks that the JSON library is on the classpath; persistent stores call this in {@link
   * JobStore#start}.
   *
   * @throws JobStoreException naming the dependency to add
   */
  public static void requireJackson() {
    Boolean present = jacksonPresent;
    if (present == null) {
      try {
        Class.forName(JACKSON_CLASS, false, JobCodec.class.getClassLoader());
        present = true;
      } catch (ClassNotFoundException | LinkageError e) {
        present = false;
      }
      jacksonPresent = present;
    }
    if (!present) {
      throw new JobStoreException(
          "Persistent job stores write jobs as JSON with Jackson 3, which is not on the classpath;"
              + " add the dependency "
              + JACKSON_DEPENDENCY
              + " (its version is managed by the Spring Boot BOM), or use the memory store");
    }
  }

  /**
   * Checks that a persistent store can keep the job: its trigger (a built-in one, with dates in the
   * range of {@link #toEpochMicros}), its next run time and its arguments.
   *
   * @throws IllegalArgumentException naming the value that cannot be stored and what to use instead
   */
  public static void requireEncodable(Job job) {
    triggerSpecOf(job);
    requireStorableRest(job);
  }

  private static Map<String, Object> triggerSpecOf(Job job) {
    return TriggerCodec.encode(job.trigger(), "trigger", owner(job));
  }

  private static void requireStorableRest(Job job) {
    if (job.nextRunTime() != null) {
      EpochMicros.requireInRange("nextRunTime", owner(job), job.nextRunTime());
    }
    ArgumentRules.requireStorable(job);
  }

  private static String owner(Job job) {
    return "the persistent store '" + job.jobStore() + "' of job '" + job.id() + "'";
  }

  /**
   * The document of a job (without id and next run time).
   *
   * @throws IllegalArgumentException if the trigger or an argument cannot be stored
   */
  public static Map<String, Object> encode(Job job) {
    Map<String, Object> trigger = triggerSpecOf(job);
    requireStorableRest(job);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("version", VERSION);
    doc.put("name", job.name());
    doc.put("task", job.task().reference());
    doc.put("args", job.args());
    doc.put("kwargs", job.kwargs());
    doc.put("trigger", trigger);
    doc.put("executor", job.executor());
    doc.put("misfire_grace_time", DocumentFields.encodeDuration(job.misfireGraceTime()));
    doc.put("coalesce", job.coalesce());
    doc.put("max_runs", job.maxRuns());
    doc.put("runs", job.runs());
    doc.put("max_instances", job.maxInstances());
    doc.put("paused", job.paused());
    RetryFields.encode(job, doc);
    return doc;
  }

  /**
   * Rebuilds a job from its document. The task reference is data: it is resolved with {@link
   * TaskRegistry#resolve}, which runs only what the application allows. A reference that does not
   * resolve, or is not allowed, gives a job with an {@linkplain Task#unresolved unresolved} task:
   * the job is kept, never dropped.
   *
   * @param id the job's id, kept beside the document
   * @param nextRunTime the job's next run time, kept beside the document; {@code null} if paused
   * @param jobStore the alias of the store the job is in
   * @throws JobStoreException if the document is of a newer format, has an unknown trigger type or
   *     is malformed
   */
  public static Job decode(
      Map<String, ?> document,
      String id,
      Instant nextRunTime,
      String jobStore,
      TaskRegistry tasks) {
    Objects.requireNonNull(id, "id");
    try {
      Object version = document.get("version");
      if (!(version instanceof Integer v) || v < 1) {
        throw new JobStoreException(
            "Job '" + id + "': the stored document has no valid version (got " + version + ")");
      }
      if (v > VERSION) {
        throw new JobStoreException(
            "Job '"
                + id
                + "' was stored in document format "
                + v
                + " by a newer version of the scheduler; this version reads format "
                + VERSION
                + " and up to it. The job is left untouched in the store; upgrade to read it");
      }
      DocumentFields f = new DocumentFields("job '" + id + "'", document);
      boolean paused = f.bool("paused");
      Job.Builder job =
          Job.builder(id, tasks.resolve(f.string("task")), decodeTrigger(f.map("trigger")))
              .name(f.string("name"))
              .args(f.list("args"))
              .kwargs(f.map("kwargs"))
              .jobStore(jobStore)
              .executor(f.string("executor"))
              .misfireGraceTime(f.duration("misfire_grace_time"))
              .coalesce(f.bool("coalesce"))
              .maxRuns(f.integer("max_runs"))
              .runs(f.integer("runs"))
              .maxInstances(f.integer("max_instances"))
              .nextRunTime(paused ? null : nextRunTime)
              .paused(paused);
      return RetryFields.decode(f, job).build();
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new JobStoreException(
          "Job '" + id + "': the stored document cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * The job's pending retry as text ({@code fireTimeMicros/attempt/dueAtMicros}), or {@code null}
   * when none waits: what a store compares in a conditional write ({@link
   * JobStore#updateJobIfUnchanged}) besides next run time, runs and paused flag.
   */
  public static String pendingRetryKey(Job job) {
    return RetryFields.key(job.pendingRetry());
  }

  /**
   * The spec of a built-in trigger.
   *
   * @throws IllegalArgumentException for a trigger type a persistent store cannot keep, or a date
   *     outside the range of {@link #toEpochMicros}
   */
  public static Map<String, Object> encodeTrigger(Trigger trigger) {
    return TriggerCodec.encode(trigger, "trigger", "a persistent job store");
  }

  /**
   * Rebuilds a trigger from its spec.
   *
   * @throws JobStoreException for an unknown type or a malformed spec
   */
  public static Trigger decodeTrigger(Map<String, ?> spec) {
    return TriggerCodec.decode(spec);
  }

  // ---------------------------------------------------------------- JSON and instants

  /**
   * Writes a document as JSON text.
   *
   * @throws JobStoreException if Jackson is missing or a value cannot be written
   */
  public static String toJson(Map<String, Object> document) {
    requireJackson();
    return JacksonJsonCodec.defaultCodec().write(document);
  }

  /**
   * Reads JSON text written by {@link #toJson}, with numbers as described in the class comment.
   *
   * @throws JobStoreException if Jackson is missing or the text is not a JSON object
   */
  public static Map<String, Object> fromJson(String json) {
    requireJackson();
    return JacksonJsonCodec.defaultCodec().read(json);
  }

  /**
   * An instant as UTC epoch microseconds (finer parts are dropped).
   *
   * @throws IllegalArgumentException for an instant outside what a {@code long} of microseconds
   *     holds, from {@value EpochMicros#RANGE_TEXT}
   */
  public static long toEpochMicros(Instant instant) {
    return EpochMicros.toMicros(instant);
  }

  /** The instant of UTC epoch microseconds. */
  public static Instant fromEpochMicros(long micros) {
    return EpochMicros.fromMicros(micros);
  }
}
