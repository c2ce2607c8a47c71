package dev.apscheduler.store;

import dev.apscheduler.Job;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a job's arguments may hold in a persistent store, whose documents are JSON: {@code null},
 * strings, booleans, numbers of the standard types, lists and maps with string keys, nested up to
 * {@value #MAX_DEPTH} levels.
 *
 * <p>Stateless and thread-safe.
 */
final class ArgumentRules {

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
  private static final String ACCEPTED_VALUES =
      "null, String, Boolean, a Number (Integer, Long, Double, BigInteger, BigDecimal...), List, or"
          + " Map with String keys, nested";

  private ArgumentRules() {}

  /**
   * Checks every positional and keyword argument of the job.
   *
   * @throws IllegalArgumentException naming the path of the first value that JSON cannot carry and
   *     what to use instead
   */
  static void requireStorable(Job job) {
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
}
