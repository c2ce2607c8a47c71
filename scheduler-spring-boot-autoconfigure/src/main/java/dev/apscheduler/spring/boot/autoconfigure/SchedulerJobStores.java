package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.JobStoreException;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.JobStores;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Creates the job stores configured under {@code apscheduler.jobstores.<alias>} through the core's
 * {@link JobStores#fromOptions(String, Map, JobStores.Resources)}, the one place that knows the
 * store types. Spring adds what the options cannot say: a {@code jdbc} store without {@code url}
 * uses the DataSource bean named by {@code data-source}, or else the application's single
 * DataSource; a {@code redis} store without {@code url} connects as the application's {@code
 * spring.data.redis.*} connection details say, and a {@code mongodb} store without {@code url}
 * through the application's MongoClient; {@code apscheduler.cluster.*} applies to every jdbc, redis
 * and mongodb store; optional libraries are looked up in the application's class loader. Every
 * refusal is reported against the property at fault.
 *
 * <p>Stateless and thread-safe.
 */
final class SchedulerJobStores {

  private static final String JACKSON = "tools.jackson.databind.json.JsonMapper";
  private static final String CLUSTER = "apscheduler.cluster.";
  private static final String REDIS_DETAILS =
      "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails";
  private static final String MONGO_DETAILS =
      "org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails";

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
    JobStores.Resources resources =
        new JobStores.Resources(
            classLoader,
            this::dataSource,
            cluster.isEnabled() ? builder -> clusterMode(builder, cluster) : null,
            present(REDIS_DETAILS, "io.lettuce.core.RedisURI")
                ? ApplicationRedisConnection.lookup(listable())
                : null,
            present(MONGO_DETAILS, "com.mongodb.client.MongoClient")
                ? ApplicationMongoClient.lookup(listable())
                : null);
    Map<String, JobStore> stores = new LinkedHashMap<>();
    configured.forEach(
        (alias, properties) ->
            stores.put(
                alias, create("apscheduler.jobstores." + alias, properties, resources, cluster)));
    if (cluster.isEnabled() && stores.values().stream().noneMatch(SchedulerJobStores::shareable)) {
      throw new InvalidSchedulerPropertyException(
          CLUSTER + "enabled",
          "true",
          "a jdbc, redis or mongodb job store for the instances to share: set"
              + " apscheduler.jobstores.default.type=jdbc");
    }
    return stores;
  }

  /** Whether instances can share the store in cluster mode. */
  private static boolean shareable(JobStore store) {
    return store instanceof JdbcJobStore
        || store.getClass().getName().equals("dev.apscheduler.store.redis.RedisJobStore")
        || store.getClass().getName().equals("dev.apscheduler.store.mongodb.MongoJobStore");
  }

  /**
   * Cluster mode for a redis or mongodb store: the {@code apscheduler.cluster.*} values as its
   * options.
   */
  private static void clusterOptions(
      Map<String, Object> options, SchedulerProperties.Cluster cluster) {
    options.put("cluster", true);
    if (cluster.getNodeId() != null) {
      options.put("node-id", cluster.getNodeId());
    }
    options.put("heartbeat-interval", cluster.getHeartbeatInterval());
    options.put("missed-heartbeats", cluster.getMissedHeartbeats());
    options.put("poll-interval", cluster.getPollInterval());
    options.put("max-clock-skew", cluster.getMaxClockSkew());
  }

  private JobStore create(
      String prefix,
      JobStoreProperties properties,
      JobStores.Resources resources,
      SchedulerProperties.Cluster cluster) {
    String type = properties.getType();
    String className = properties.getClassName();
    if (type != null && className != null) {
      throw new InvalidSchedulerPropertyException(
          prefix + ".class",
          className,
          "either " + prefix + ".type or " + prefix + ".class, not both");
    }
    if (type == null && className == null) {
      throw new InvalidSchedulerPropertyException(
          prefix + ".type",
          null,
          "one of " + String.join(", ", JobStores.TYPES) + ", or " + prefix + ".class");
    }
    Map<String, Object> options = options(properties);
    if (cluster.isEnabled()
        && ("redis".equalsIgnoreCase(type) || "mongodb".equalsIgnoreCase(type))) {
      clusterOptions(options, cluster);
    }
    JobStore store;
    try {
      store = JobStores.fromOptions(prefix, options, resources);
    } catch (IllegalArgumentException e) {
      throw invalid(prefix, options, e);
    } catch (JobStoreException e) {
      throw new InvalidSchedulerPropertyException(
          prefix + ".type",
          type,
          "a store type whose libraries are on the classpath: " + e.getMessage(),
          e);
    }
    if (type != null && store.isPersistent() && !ClassUtils.isPresent(JACKSON, classLoader)) {
      store.close();
      throw new InvalidSchedulerPropertyException(
          prefix + ".type",
          type,
          "a store type whose libraries are on the classpath; the "
              + type
              + " store writes jobs as JSON and needs tools.jackson.core:jackson-databind (its"
              + " version is managed by the Spring Boot BOM)");
    }
    return store;
  }

  /** Whether the classes exist and the bean factory can list beans by type. */
  private boolean present(String... classNames) {
    if (!(beanFactory instanceof ListableBeanFactory)) {
      return false;
    }
    for (String className : classNames) {
      if (!ClassUtils.isPresent(className, classLoader)) {
        return false;
      }
    }
    return true;
  }

  private ListableBeanFactory listable() {
    return (ListableBeanFactory) beanFactory;
  }

  /** The DataSource bean named {@code name}, or the application's single DataSource. */
  private DataSource dataSource(String name) {
    if (name != null) {
      try {
        return beanFactory.getBean(name, DataSource.class);
      } catch (NoSuchBeanDefinitionException e) {
        throw new IllegalArgumentException("the name of a DataSource bean", e);
      }
    }
    DataSource dataSource = beanFactory.getBeanProvider(DataSource.class).getIfUnique();
    if (dataSource == null) {
      throw new IllegalArgumentException(
          "the name of a DataSource bean; without it, the application must have exactly one"
              + " DataSource (add spring-boot-starter-jdbc and spring.datasource.url, or name"
              + " one)");
    }
    return dataSource;
  }

  private static void clusterMode(
      JdbcJobStore.Builder builder, SchedulerProperties.Cluster cluster) {
    apply(CLUSTER + "node-id", cluster.getNodeId(), () -> builder.cluster(cluster.getNodeId()));
    apply(
        CLUSTER + "heartbeat-interval",
        cluster.getHeartbeatInterval(),
        () -> builder.heartbeatInterval(cluster.getHeartbeatInterval()));
    apply(
        CLUSTER + "missed-heartbeats",
        cluster.getMissedHeartbeats(),
        () -> builder.missedHeartbeats(cluster.getMissedHeartbeats()));
    apply(
        CLUSTER + "poll-interval",
        cluster.getPollInterval(),
        () -> builder.pollInterval(cluster.getPollInterval()));
    apply(
        CLUSTER + "max-clock-skew",
        cluster.getMaxClockSkew(),
        () -> builder.maxClockSkew(cluster.getMaxClockSkew()));
  }

  /** Runs a builder setter, reporting its refusal against {@code property}. */
  private static void apply(String property, Object value, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      throw new InvalidSchedulerPropertyException(property, value, expectedFrom(e), e);
    }
  }

  /**
   * The core's refusal as a property failure. The core's messages start with the key at fault
   * ({@code apscheduler.jobstores.main.url: missing; expected ...}), or with the option alone when
   * a store's builder refused it ({@code table-name: 'a;b' is not a valid SQL identifier}).
   */
  private static InvalidSchedulerPropertyException invalid(
      String prefix, Map<String, Object> options, IllegalArgumentException e) {
    String message = String.valueOf(e.getMessage());
    int colon = message.indexOf(": ");
    String key = colon < 0 ? "" : message.substring(0, colon);
    String option;
    if (key.startsWith(prefix + ".")) {
      option = key.substring(prefix.length() + 1);
    } else if (options.containsKey(key)) {
      option = key;
    } else {
      option = options.containsKey("class") ? "class" : "type";
    }
    return new InvalidSchedulerPropertyException(
        prefix + "." + option, options.get(option), expectedFrom(e), e);
  }

  /** What the core's error message says is expected, without the key and value it repeats. */
  private static String expectedFrom(RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    int expected = message.indexOf("; expected ");
    if (expected >= 0) {
      return message.substring(expected + "; expected ".length());
    }
    int colon = message.indexOf(": ");
    return colon < 0 ? message : message.substring(colon + 2);
  }

  /** The store's options that are set, by their kebab-case names, as the core reads them. */
  private static Map<String, Object> options(JobStoreProperties properties) {
    Map<String, Object> options = new LinkedHashMap<>();
    putIfSet(options, "type", properties.getType());
    putIfSet(options, "class", properties.getClassName());
    putIfSet(options, "url", properties.getUrl());
    putIfSet(options, "username", properties.getUsername());
    putIfSet(options, "password", properties.getPassword());
    putIfSet(options, "data-source", properties.getDataSource());
    putIfSet(options, "table-name", properties.getTableName());
    putIfSet(options, "schema", properties.getSchema());
    putIfSet(options, "initialize-schema", properties.getInitializeSchema());
    putIfSet(options, "path", properties.getPath());
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
