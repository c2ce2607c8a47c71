package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.spring.boot.autoconfigure.SchedulerProperties.JobStoreType;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.JobStores;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Creates the job stores configured under {@code apscheduler.jobstores.<alias>}.
 *
 * <p>Stateless and thread-safe.
 */
final class SchedulerJobStores {

  private static final String TYPES =
      Arrays.stream(JobStoreType.values())
          .map(type -> type.name().toLowerCase(Locale.ROOT))
          .collect(Collectors.joining(", "));

  private SchedulerJobStores() {}

  /**
   * Creates the configured stores, by alias.
   *
   * @throws InvalidSchedulerPropertyException naming the property at fault
   */
  static Map<String, JobStore> create(Map<String, SchedulerProperties.JobStore> configured) {
    Map<String, JobStore> stores = new LinkedHashMap<>();
    configured.forEach(
        (alias, properties) ->
            stores.put(alias, create("apscheduler.jobstores." + alias, properties)));
    return stores;
  }

  private static JobStore create(String prefix, SchedulerProperties.JobStore properties) {
    JobStoreType type = properties.getType();
    String className = properties.getClassName();
    if (type != null && className != null) {
      throw new InvalidSchedulerPropertyException(
          prefix + ".class",
          className,
          "either " + prefix + ".type or " + prefix + ".class, not both");
    }
    if (className != null) {
      Map<String, Object> options = options(properties);
      options.put("class", className);
      try {
        return JobStores.fromOptions(prefix, options);
      } catch (IllegalArgumentException e) {
        throw new InvalidSchedulerPropertyException(
            prefix + ".class", className, expectedFrom(e), e);
      }
    }
    if (type == null) {
      throw new InvalidSchedulerPropertyException(
          prefix + ".type", null, "one of " + TYPES + ", or " + prefix + ".class");
    }
    if (type == JobStoreType.MEMORY) {
      return JobStores.memory();
    }
    Map<String, Object> options = options(properties);
    options.put("type", type.name().toLowerCase(Locale.ROOT));
    try {
      return JobStores.fromOptions(prefix, options);
    } catch (IllegalArgumentException e) {
      throw new InvalidSchedulerPropertyException(
          prefix + ".type",
          type.name().toLowerCase(Locale.ROOT),
          "a store type that scheduler-core provides: "
              + JobStores.TYPES
              + " ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  /** What the core's error message says is expected, without the key and value it repeats. */
  private static String expectedFrom(IllegalArgumentException e) {
    String message = String.valueOf(e.getMessage());
    int expected = message.indexOf("; expected ");
    return expected < 0 ? message : message.substring(expected + "; expected ".length());
  }

  /** The store's own options that are set, by their kebab-case names. */
  private static Map<String, Object> options(SchedulerProperties.JobStore properties) {
    Map<String, Object> options = new LinkedHashMap<>();
    putIfSet(options, "data-source", properties.getDataSource());
    putIfSet(options, "table-name", properties.getTableName());
    putIfSet(options, "schema", properties.getSchema());
    putIfSet(options, "path", properties.getPath());
    putIfSet(options, "url", properties.getUrl());
    putIfSet(options, "database", properties.getDatabase());
    putIfSet(options, "collection", properties.getCollection());
    putIfSet(options, "key-prefix", properties.getKeyPrefix());
    return options;
  }

  private static void putIfSet(Map<String, Object> options, String key, Object value) {
    if (value != null) {
      options.put(key, value.toString());
    }
  }
}
