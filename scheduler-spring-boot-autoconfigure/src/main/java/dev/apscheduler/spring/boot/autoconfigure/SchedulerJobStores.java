package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.SchedulerException;
import dev.apscheduler.spring.boot.autoconfigure.JobStoreProperties.JobStoreType;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.JobStores;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Creates the job stores configured under {@code apscheduler.jobstores.<alias>}. A {@code jdbc}
 * store uses the DataSource bean named by {@code data-source}, or else the application's single
 * DataSource; the other types are created by the core from their options. Missing drivers and
 * missing options are reported against the property at fault.
 *
 * <p>Stateless and thread-safe.
 */
final class SchedulerJobStores {

  private static final String TYPES =
      Arrays.stream(JobStoreType.values())
          .map(type -> type.name().toLowerCase(Locale.ROOT))
          .collect(Collectors.joining(", "));

  private static final String JACKSON = "tools.jackson.databind.json.JsonMapper";

  private final BeanFactory beanFactory;
  private final ClassLoader classLoader;

  SchedulerJobStores(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
    ClassLoader loader =
        beanFactory instanceof ConfigurableBeanFactory configurable
            ? configurable.getBeanClassLoader()
            : null;
    this.classLoader = loader != null ? loader : ClassUtils.getDefaultClassLoader();
  }

  /**
   * Creates the configured stores, by alias.
   *
   * @throws InvalidSchedulerPropertyException naming the property at fault
   */
  Map<String, JobStore> create(
      Map<String, JobStoreProperties> configured, SchedulerProperties.Cluster cluster) {
    Map<String, JobStore> stores = new LinkedHashMap<>();
    configured.forEach(
        (alias, properties) ->
            stores.put(alias, create("apscheduler.jobstores." + alias, properties, cluster)));
    if (cluster.isEnabled() && stores.values().stream().noneMatch(JdbcJobStore.class::isInstance)) {
      throw new InvalidSchedulerPropertyException(
          "apscheduler.cluster.enabled",
          "true",
          "a jdbc job store for the instances to share: set apscheduler.jobstores.default.type=jdbc");
    }
    return stores;
  }

  private JobStore create(
      String prefix, JobStoreProperties properties, SchedulerProperties.Cluster cluster) {
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
    String typeName = type.name().toLowerCase(Locale.ROOT);
    return switch (type) {
      case MEMORY -> JobStores.memory();
      case JDBC -> {
        requireJackson(prefix, typeName);
        yield jdbc(prefix, properties, cluster);
      }
      case FILE -> {
        requireJackson(prefix, typeName);
        requireClass(prefix, typeName, "org.h2.Driver", "com.h2database:h2");
        yield fromCore(
            prefix, typeName, Map.of("path", required(prefix, "path", properties.getPath())));
      }
      case REDIS -> {
        requireJackson(prefix, typeName);
        requireClass(prefix, typeName, "io.lettuce.core.RedisClient", "io.lettuce:lettuce-core");
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("url", required(prefix, "url", properties.getUrl()));
        putIfSet(options, "key-prefix", properties.getKeyPrefix());
        yield fromCore(prefix, typeName, options);
      }
      case MONGODB -> {
        requireJackson(prefix, typeName);
        requireClass(
            prefix, typeName, "com.mongodb.client.MongoClient", "org.mongodb:mongodb-driver-sync");
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("url", required(prefix, "url", properties.getUrl()));
        options.put("database", required(prefix, "database", properties.getDatabase()));
        putIfSet(options, "collection", properties.getCollection());
        yield fromCore(prefix, typeName, options);
      }
    };
  }

  private JobStore jdbc(
      String prefix, JobStoreProperties properties, SchedulerProperties.Cluster cluster) {
    DataSource dataSource;
    String name = properties.getDataSource();
    if (name != null) {
      try {
        dataSource = beanFactory.getBean(name, DataSource.class);
      } catch (NoSuchBeanDefinitionException e) {
        throw new InvalidSchedulerPropertyException(
            prefix + ".data-source", name, "the name of a DataSource bean", e);
      }
    } else {
      dataSource = beanFactory.getBeanProvider(DataSource.class).getIfUnique();
      if (dataSource == null) {
        throw new InvalidSchedulerPropertyException(
            prefix + ".data-source",
            null,
            "the name of a DataSource bean; without it, the application must have exactly one"
                + " DataSource (add spring-boot-starter-jdbc and spring.datasource.url, or name"
                + " one)");
      }
    }
    JdbcJobStore.Builder builder = JdbcJobStore.builder(dataSource);
    if (properties.getTableName() != null) {
      builder.tableName(properties.getTableName());
    }
    if (properties.getSchema() != null) {
      builder.schema(properties.getSchema());
    }
    builder.initializeSchema(properties.getInitializeSchema());
    if (cluster.isEnabled()) {
      clusterMode(builder, cluster);
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidSchedulerPropertyException(
          prefix + ".table-name", properties.getTableName(), expectedFrom(e), e);
    }
  }

  private static void clusterMode(
      JdbcJobStore.Builder builder, SchedulerProperties.Cluster cluster) {
    String prefix = "apscheduler.cluster.";
    apply(prefix + "node-id", cluster.getNodeId(), () -> builder.cluster(cluster.getNodeId()));
    apply(
        prefix + "heartbeat-interval",
        cluster.getHeartbeatInterval(),
        () -> builder.heartbeatInterval(cluster.getHeartbeatInterval()));
    apply(
        prefix + "missed-heartbeats",
        cluster.getMissedHeartbeats(),
        () -> builder.missedHeartbeats(cluster.getMissedHeartbeats()));
    apply(
        prefix + "poll-interval",
        cluster.getPollInterval(),
        () -> builder.pollInterval(cluster.getPollInterval()));
  }

  /** Runs a builder setter, reporting its refusal against {@code property}. */
  private static void apply(String property, Object value, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      throw new InvalidSchedulerPropertyException(property, value, expectedFrom(e), e);
    }
  }

  private static JobStore fromCore(String prefix, String type, Map<String, Object> options) {
    Map<String, Object> all = new LinkedHashMap<>(options);
    all.put("type", type);
    try {
      return JobStores.fromOptions(prefix, all);
    } catch (IllegalArgumentException | SchedulerException e) {
      throw new InvalidSchedulerPropertyException(prefix + ".type", type, expectedFrom(e), e);
    }
  }

  private void requireJackson(String prefix, String type) {
    requireClass(prefix, type, JACKSON, "tools.jackson.core:jackson-databind");
  }

  private void requireClass(String prefix, String type, String className, String dependency) {
    if (!ClassUtils.isPresent(className, classLoader)) {
      throw new InvalidSchedulerPropertyException(
          prefix + ".type",
          type,
          "a store type whose libraries are on the classpath; the "
              + type
              + " store needs "
              + dependency
              + " (its version is managed by the Spring Boot BOM)");
    }
  }

  private static String required(String prefix, String option, Object value) {
    if (value == null) {
      throw new InvalidSchedulerPropertyException(
          prefix + "." + option, null, "a value; the store type needs it");
    }
    return value.toString();
  }

  /** What the core's error message says is expected, without the key and value it repeats. */
  private static String expectedFrom(RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    int expected = message.indexOf("; expected ");
    return expected < 0 ? message : message.substring(expected + "; expected ".length());
  }

  /** The store's own options that are set, by their kebab-case names, for a custom class. */
  private static Map<String, Object> options(JobStoreProperties properties) {
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
