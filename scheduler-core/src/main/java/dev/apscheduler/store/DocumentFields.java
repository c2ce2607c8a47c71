package dev.apscheduler.store;

import dev.apscheduler.JobStoreException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads typed fields of a stored document (or of a part of one, such as a trigger spec), with
 * errors that name the owner and the field.
 *
 * <p>Immutable as long as the map is not changed; thread-safe.
 *
 * @param owner names what the document describes in errors, such as {@code job 'report'}
 * @param values the document's fields
 */
record DocumentFields(String owner, Map<String, ?> values) {

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

  /** A duration stored as whole milliseconds or as an ISO-8601 duration. */
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

  /** A duration as {@link #duration}, or zero when the field is absent. */
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

  /** Writes a duration as {@link #duration} reads it: milliseconds when whole, else ISO-8601. */
  static Object encodeDuration(Duration duration) {
    if (duration.getNano() % 1_000_000 == 0) {
      try {
        return duration.toMillis();
      } catch (ArithmeticException e) {
        return duration.toString();
      }
    }
    return duration.toString();
  }
}
