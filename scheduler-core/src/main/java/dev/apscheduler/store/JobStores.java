package dev.apscheduler.store;

import dev.apscheduler.internal.ConfigValues;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Creates the built-in job stores. Each store also has a builder of its own for further options.
 *
 * <p>Stateless and thread-safe.
 */
public final class JobStores {

  /** The store types {@link #fromOptions} knows. */
  public static final List<String> TYPES = List.of("memory");

  private JobStores() {}

  /** A store that keeps jobs in memory only. */
  public static MemoryJobStore memory() {
    return new MemoryJobStore();
  }

  /**
   * Creates a store from configuration options: {@code type} (one of {@link #TYPES}) or {@code
   * class} (a {@link JobStore} with a public constructor taking a {@code Map<String, Object>} of
   * the other options, or none), plus the store's own options.
   *
   * @param keyPrefix the configuration key of the store, such as {@code
   *     apscheduler.jobstores.default}, used in error messages
   * @throws IllegalArgumentException naming the key and what it accepts
   */
  public static JobStore fromOptions(String keyPrefix, Map<String, ?> options) {
    Object type = options.get("type");
    Object className = options.get("class");
    if (type != null && className != null) {
      throw new IllegalArgumentException(keyPrefix + ": give either .type or .class, not both");
    }
    if (className != null) {
      return instantiate(keyPrefix + ".class", String.valueOf(className), options);
    }
    if (type == null) {
      throw new IllegalArgumentException(
          keyPrefix
              + ".type: missing; expected one of "
              + TYPES
              + ", or .class with a JobStore class");
    }
    String typeName = String.valueOf(type).trim().toLowerCase(Locale.ROOT);
    switch (typeName) {
      case "memory" -> {
        requireOnly(keyPrefix, options, List.of("type"));
        return memory();
      }
      default -> throw ConfigValues.bad(keyPrefix + ".type", type, "one of " + TYPES);
    }
  }

  private static void requireOnly(String keyPrefix, Map<String, ?> options, List<String> known) {
    for (String key : options.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            keyPrefix + "." + key + ": unknown option for this store type; accepted: " + known);
      }
    }
  }

  private static JobStore instantiate(String key, String className, Map<String, ?> options) {
    Class<?> type;
    try {
      type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw ConfigValues.bad(key, className, "the name of a JobStore class on the classpath");
    }
    if (!JobStore.class.isAssignableFrom(type)) {
      throw ConfigValues.bad(key, className, "a class implementing " + JobStore.class.getName());
    }
    try {
      try {
        Constructor<?> withOptions = type.getConstructor(Map.class);
        Map<String, Object> rest = new java.util.LinkedHashMap<>(options);
        rest.remove("class");
        return (JobStore) withOptions.newInstance(rest);
      } catch (NoSuchMethodException e) {
        return (JobStore) type.getConstructor().newInstance();
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          key
              + ": cannot create "
              + className
              + "; it needs a public constructor taking a Map of options, or none ("
              + e
              + ")",
          e);
    }
  }
}
