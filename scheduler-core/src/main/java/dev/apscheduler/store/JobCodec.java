package dev.apscheduler.store;

import dev.apscheduler.Job;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.Task;
import dev.apscheduler.TaskRegistry;
import dev.apscheduler.trigger.AndTrigger;
import dev.apscheduler.trigger.CalendarIntervalTrigger;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import dev.apscheduler.trigger.OrTrigger;
import dev.apscheduler.trigger.Trigger;
import dev.apscheduler.trigger.cron.CronTrigger;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
 * microseconds ({@link #toEpochMicros}). Date-times in triggers are ISO-8601 strings with offset
 * and zone id ({@code 2026-10-25T02:30:00+01:00[Europe/Paris]}), so wall-clock and daylight saving
 * semantics survive a restart.
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
  private static final int MAX_DEPTH = 64;
  private static final Set<Class<?>> NUMBER_TYPES =
      Set.of(
          Integer.class,
          Long.class,
          Short.class,
          Byte.class,
          Double.class,
          Float.class,
          BigInteger.class,
          BigDecimal.class);
  private static final List<String> CRON_FIELDS =
      List.of("year", "month", "day", "week", "day_of_week", "hour", "minute", "second");
  private static final String ACCEPTED_VALUES =
      "null, String, Boolean, a Number (Integer, Long, Double, BigInteger, BigDecimal...), List, or"
          + " Map with String keys, nested";

  private static volatile Boolean jacksonPresent;

  private JobCodec() {}

  // ---------------------------------------------------------------- checks

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
   * Checks that a persistent store can keep the job's trigger and arguments.
   *
   * @throws IllegalArgumentException naming the value that cannot be stored and what to use instead
   */
  public static void requireEncodable(Job job) {
    encodeTrigger(job.trigger());
    for (int i = 0; i < job.args().size(); i++) {
      requireValue(job, "args[" + i + "]", job.args().get(i), 0);
    }
    for (Map.Entry<String, Object> entry : job.kwargs().entrySet()) {
      requireValue(job, "kwargs['" + entry.getKey() + "']", entry.getValue(), 0);
    }
  }

  private static void requireValue(Job job, String path, Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw notStorable(job, path, "a structure nested deeper than " + MAX_DEPTH + " levels");
    }
    if (value == null || value instanceof String || value instanceof Boolean) {
      return;
    }
    if (value instanceof Number number) {
      if (!NUMBER_TYPES.contains(number.getClass())) {
        throw notStorable(job, path, "a " + number.getClass().getName());
      }
      if ((number instanceof Double || number instanceof Float)
          && !Double.isFinite(number.doubleValue())) {
        throw notStorable(job, path, "the non-finite number " + number);
      }
      return;
    }
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        requireValue(job, path + "[" + i + "]", list.get(i), depth + 1);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key)) {
          throw notStorable(
              job,
              path,
              "a Map with a "
                  + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName())
                  + " key");
        }
        requireValue(job, path + "['" + key + "']", entry.getValue(), depth + 1);
      }
      return;
    }
    throw notStorable(job, path, "a " + value.getClass().getName());
  }

  private static IllegalArgumentException notStorable(Job job, String path, String what) {
    return new IllegalArgumentException(
        path
            + ": job '"
            + job.id()
            + "' goes to the persistent store '"
            + job.jobStore()
            + "', which keeps arguments as JSON and cannot keep "
            + what
            + "; use "
            + ACCEPTED_VALUES
            + " (a date as its ISO-8601 string, an object as a Map of its fields)");
  }

  // ---------------------------------------------------------------- job documents

  /**
   * The document of a job (without id and next run time).
   *
   * @throws IllegalArgumentException if the trigger or an argument cannot be stored
   */
  public static Map<String, Object> encode(Job job) {
    requireEncodable(job);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("version", VERSION);
    doc.put("name", job.name());
    doc.put("task", job.task().reference());
    doc.put("args", job.args());
    doc.put("kwargs", job.kwargs());
    doc.put("trigger", encodeTrigger(job.trigger()));
    doc.put("executor", job.executor());
    doc.put("misfire_grace_time", encodeDuration(job.misfireGraceTime()));
    doc.put("coalesce", job.coalesce());
    doc.put("max_runs", job.maxRuns());
    doc.put("runs", job.runs());
    doc.put("max_instances", job.maxInstances());
    doc.put("paused", job.paused());
    return doc;
  }

  /**
   * Rebuilds a job from its document. A task reference that does not resolve gives a job with an
   * {@linkplain Task#unresolved unresolved} task: the job is kept, never dropped.
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
      Fields f = new Fields("job '" + id + "'", document);
      String reference = f.string("task");
      Task task = tasks.resolve(reference);
      return new Job(
          id,
          f.string("name"),
          task,
          f.list("args"),
          f.map("kwargs"),
          decodeTrigger(f.map("trigger")),
          jobStore,
          f.string("executor"),
          f.duration("misfire_grace_time"),
          f.bool("coalesce"),
          f.integer("max_runs"),
          f.integer("runs"),
          f.integer("max_instances"),
          f.bool("paused") ? null : nextRunTime,
          f.bool("paused"));
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new JobStoreException(
          "Job '" + id + "': the stored document cannot be read: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- triggers

  /**
   * The spec of a built-in trigger.
   *
   * @throws IllegalArgumentException for a trigger type a persistent store cannot keep
   */
  public static Map<String, Object> encodeTrigger(Trigger trigger) {
    Map<String, Object> spec = new LinkedHashMap<>();
    if (trigger instanceof DateTrigger date) {
      spec.put("type", "date");
      spec.put("run_date", formatDate(date.runDate()));
    } else if (trigger instanceof IntervalTrigger interval) {
      spec.put("type", "interval");
      spec.put("interval", interval.interval().toString());
      interval.startDate().ifPresent(d -> spec.put("start_date", formatDate(d)));
      interval.endDate().ifPresent(d -> spec.put("end_date", formatDate(d)));
      spec.put("timezone", interval.zone().getId());
      putJitter(spec, interval.jitter());
    } else if (trigger instanceof CronTrigger cron) {
      spec.put("type", "cron");
      if (cron.crontab().isPresent()) {
        spec.put("crontab", cron.crontab().get());
      } else {
        spec.put("fields", new LinkedHashMap<>(cron.fields()));
      }
      cron.startDate().ifPresent(d -> spec.put("start_date", formatDate(d)));
      cron.endDate().ifPresent(d -> spec.put("end_date", formatDate(d)));
      spec.put("timezone", cron.zone().getId());
      putJitter(spec, cron.jitter());
    } else if (trigger instanceof CalendarIntervalTrigger calendar) {
      spec.put("type", "calendarinterval");
      spec.put("years", calendar.years());
      spec.put("months", calendar.months());
      spec.put("weeks", calendar.weeks());
      spec.put("days", calendar.days());
      spec.put("time", calendar.time().format(DateTimeFormatter.ISO_LOCAL_TIME));
      calendar.startDate().ifPresent(d -> spec.put("start_date", d.toString()));
      calendar.endDate().ifPresent(d -> spec.put("end_date", d.toString()));
      spec.put("timezone", calendar.zone().getId());
    } else if (trigger instanceof AndTrigger and) {
      spec.put("type", "and");
      spec.put("triggers", encodeTriggers(and.triggers()));
      putJitter(spec, and.jitter());
    } else if (trigger instanceof OrTrigger or) {
      spec.put("type", "or");
      spec.put("triggers", encodeTriggers(or.triggers()));
      putJitter(spec, or.jitter());
    } else {
      throw new IllegalArgumentException(
          "trigger: a persistent job store keeps only the built-in triggers (date, interval, cron,"
              + " calendarinterval, and, or), not "
              + (trigger == null ? "null" : trigger.getClass().getName())
              + "; use one of those, or the memory store");
    }
    return spec;
  }

  /**
   * Rebuilds a trigger from its spec.
   *
   * @throws JobStoreException for an unknown type or a malformed spec
   */
  public static Trigger decodeTrigger(Map<String, ?> spec) {
    Fields f = new Fields("trigger", spec);
    String type = f.string("type");
    try {
      return switch (type) {
        case "date" -> DateTrigger.of(parseDate(f.string("run_date")));
        case "interval" -> {
          IntervalTrigger.Builder b =
              IntervalTrigger.builder()
                  .interval(Duration.parse(f.string("interval")))
                  .timezone(ZoneId.of(f.string("timezone")))
                  .jitter(f.optionalDuration("jitter"));
          f.optionalString("start_date").ifPresent(d -> b.startDate(parseDate(d)));
          f.optionalString("end_date").ifPresent(d -> b.endDate(parseDate(d)));
          yield b.build();
        }
        case "cron" -> decodeCron(f);
        case "calendarinterval" -> {
          LocalTime time = LocalTime.parse(f.string("time"));
          CalendarIntervalTrigger.Builder b =
              CalendarIntervalTrigger.builder()
                  .years(f.integer("years"))
                  .months(f.integer("months"))
                  .weeks(f.integer("weeks"))
                  .days(f.integer("days"))
                  .hour(time.getHour())
                  .minute(time.getMinute())
                  .second(time.getSecond())
                  .timezone(ZoneId.of(f.string("timezone")));
          f.optionalString("start_date").ifPresent(d -> b.startDate(LocalDate.parse(d)));
          f.optionalString("end_date").ifPresent(d -> b.endDate(LocalDate.parse(d)));
          yield b.build();
        }
        case "and" -> AndTrigger.of(decodeTriggers(f), f.optionalDuration("jitter"));
        case "or" -> OrTrigger.of(decodeTriggers(f), f.optionalDuration("jitter"));
        default ->
            throw new JobStoreException(
                "Unknown trigger type '"
                    + type
                    + "' in a stored job; this version knows date, interval, cron,"
                    + " calendarinterval, and, or (was it written by a newer version?)");
      };
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new JobStoreException(
          "A stored " + type + " trigger cannot be rebuilt: " + e.getMessage(), e);
    }
  }

  private static Trigger decodeCron(Fields f) {
    CronTrigger.Builder b =
        CronTrigger.builder()
            .timezone(ZoneId.of(f.string("timezone")))
            .jitter(f.optionalDuration("jitter"));
    f.optionalString("start_date").ifPresent(d -> b.startDate(parseDate(d)));
    f.optionalString("end_date").ifPresent(d -> b.endDate(parseDate(d)));
    if (f.optionalString("crontab").isPresent()) {
      return b.crontab(f.string("crontab")).build();
    }
    Fields fields = new Fields("cron trigger fields", f.map("fields"));
    for (String keyword : fields.keys()) {
      String expression = fields.string(keyword);
      switch (keyword) {
        case "year" -> b.year(expression);
        case "month" -> b.month(expression);
        case "day" -> b.day(expression);
        case "week" -> b.week(expression);
        case "day_of_week" -> b.dayOfWeek(expression);
        case "hour" -> b.hour(expression);
        case "minute" -> b.minute(expression);
        case "second" -> b.second(expression);
        default ->
            throw new JobStoreException(
                "Unknown cron field '" + keyword + "' in a stored job; expected " + CRON_FIELDS);
      }
    }
    return b.build();
  }

  private static List<Object> encodeTriggers(List<Trigger> triggers) {
    List<Object> specs = new ArrayList<>(triggers.size());
    for (Trigger t : triggers) {
      specs.add(encodeTrigger(t));
    }
    return specs;
  }

  private static List<Trigger> decodeTriggers(Fields f) {
    List<Trigger> triggers = new ArrayList<>();
    for (Object spec : f.list("triggers")) {
      if (!(spec instanceof Map<?, ?> map)) {
        throw new JobStoreException("A combined trigger holds a non-object trigger spec: " + spec);
      }
      @SuppressWarnings("unchecked")
      Map<String, ?> typed = (Map<String, ?>) map;
      triggers.add(decodeTrigger(typed));
    }
    return triggers;
  }

  private static void putJitter(Map<String, Object> spec, Duration jitter) {
    if (!jitter.isZero()) {
      spec.put("jitter", jitter.toString());
    }
  }

  private static String formatDate(ZonedDateTime date) {
    return DateTimeFormatter.ISO_ZONED_DATE_TIME.format(date);
  }

  private static ZonedDateTime parseDate(String text) {
    return ZonedDateTime.parse(text, DateTimeFormatter.ISO_ZONED_DATE_TIME);
  }

  private static Object encodeDuration(Duration duration) {
    if (duration.getNano() % 1_000_000 == 0) {
      try {
        return duration.toMillis();
      } catch (ArithmeticException e) {
        return duration.toString();
      }
    }
    return duration.toString();
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

  /** An instant as UTC epoch microseconds (finer parts are dropped). */
  public static long toEpochMicros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  /** The instant of UTC epoch microseconds. */
  public static Instant fromEpochMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** Reads typed fields of a document, with errors naming the field. */
  private static final class Fields {
    private final String owner;
    private final Map<String, ?> values;

    Fields(String owner, Map<String, ?> values) {
      this.owner = owner;
      this.values = values;
    }

    Set<String> keys() {
      return values.keySet();
    }

    private Object required(String key) {
      Object value = values.get(key);
      if (value == null) {
        throw new JobStoreException(owner + ": the stored document has no '" + key + "'");
      }
      return value;
    }

    private JobStoreException wrongType(String key, String expected) {
      return new JobStoreException(
          owner + ": '" + key + "' should be " + expected + ", got " + values.get(key));
    }

    String string(String key) {
      if (required(key) instanceof String s) {
        return s;
      }
      throw wrongType(key, "a string");
    }

    Optional<String> optionalString(String key) {
      return values.get(key) == null ? Optional.empty() : Optional.of(string(key));
    }

    int integer(String key) {
      if (required(key) instanceof Integer i) {
        return i;
      }
      throw wrongType(key, "a whole number");
    }

    boolean bool(String key) {
      if (required(key) instanceof Boolean b) {
        return b;
      }
      throw wrongType(key, "true or false");
    }

    Duration duration(String key) {
      Object value = required(key);
      if (value instanceof Integer || value instanceof Long) {
        return Duration.ofMillis(((Number) value).longValue());
      }
      if (value instanceof String s) {
        return Duration.parse(s);
      }
      throw wrongType(key, "milliseconds or an ISO-8601 duration");
    }

    Duration optionalDuration(String key) {
      return values.get(key) == null ? Duration.ZERO : duration(key);
    }

    @SuppressWarnings("unchecked")
    List<Object> list(String key) {
      if (required(key) instanceof List<?> list) {
        return Collections.unmodifiableList((List<Object>) list);
      }
      throw wrongType(key, "a list");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(String key) {
      if (required(key) instanceof Map<?, ?> map) {
        return Collections.unmodifiableMap((Map<String, Object>) map);
      }
      throw wrongType(key, "an object");
    }
  }
}
