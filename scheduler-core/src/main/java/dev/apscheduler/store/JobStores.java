package dev.apscheduler.store;

import dev.apscheduler.JobStoreException;
import dev.apscheduler.internal.ConfigValues;
import dev.apscheduler.store.jdbc.InitializeSchema;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import dev.apscheduler.store.mongodb.MongoJobStore;
import dev.apscheduler.store.redis.RedisJobStore;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Creates the built-in job stores. Each store also has a builder of its own for further options.
 * The persistent stores need their optional dependencies on the classpath: Jackson 3 ({@value
 * JobCodec#JACKSON_DEPENDENCY}) for all of them, and H2, Lettuce or the MongoDB sync driver for the
 * store that uses it; a store whose client library is missing fails with a message naming the
 * dependency to add.
 *
 * <p>Stateless and thread-safe.
 */
public final class JobStores {

  /** The store types {@link #fromOptions} knows. */
  public static final List<String> TYPES = List.of("memory", "jdbc", "file", "redis", "mongodb");

  private JobStores() {}

  /** A store that keeps jobs in memory only. */
  public static MemoryJobStore memory() {
    return new MemoryJobStore();
  }

  /**
   * A store in the table {@code apscheduler_jobs} of the database behind {@code dataSource} (H2,
   * PostgreSQL, MariaDB or MySQL); see {@link JdbcJobStore#builder(DataSource)} for the table name,
   * schema and schema initialization.
   */
  public static JdbcJobStore jdbc(DataSource dataSource) {
    return JdbcJobStore.builder(dataSource).build();
  }

  /**
   * The guide's shelve store: jobs in an H2 database file at {@code path} (H2 writes {@code
   * <path>.mv.db}). Needs {@code com.h2database:h2}.
   */
  public static JdbcJobStore file(Path path) {
    return JdbcJobStore.file(path);
  }

  /**
   * A store in Redis at {@code redisUri}, such as {@code redis://127.0.0.1:6379/0}; see {@link
   * RedisJobStore#builder} for the key prefix. Needs {@code io.lettuce:lettuce-core}.
   *
   * @throws JobStoreException if Lettuce is not on the classpath
   */
  public static RedisJobStore redis(String redisUri) {
    requireClass("io.lettuce.core.RedisClient", "io.lettuce:lettuce-core", "Redis", Resources.NONE);
    return RedisJobStore.builder(redisUri).build();
  }

  /**
   * A store in the collection {@code jobs} of {@code database} on the MongoDB server at {@code
   * connectionString}; see {@link MongoJobStore#builder} for the collection name. Needs {@code
   * org.mongodb:mongodb-driver-sync}.
   *
   * @throws JobStoreException if the MongoDB driver is not on the classpath
   */
  public static MongoJobStore mongodb(String connectionString, String database) {
    requireMongo(Resources.NONE);
    return MongoJobStore.builder(connectionString, database).build();
  }

  /**
   * Creates a store from configuration options: {@code type} (one of {@link #TYPES}) or {@code
   * class} (a {@link JobStore} with a public constructor taking a {@code Map<String, Object>} of
   * the other options, or none), plus the store's own options: {@code jdbc} takes {@code url},
   * {@code username}, {@code password}, {@code table-name}, {@code schema}, {@code
   * initialize-schema} and the cluster options ({@code cluster}, {@code node-id}, {@code
   * heartbeat-interval}, {@code missed-heartbeats}, {@code poll-interval}, {@code max-clock-skew});
   * {@code file} takes {@code path}; {@code redis} takes {@code url}, {@code key-prefix} and the
   * same cluster options; {@code mongodb} takes {@code url}, {@code database}, {@code collection}
   * and the same cluster options. Any other option is refused.
   *
   * @param keyPrefix the configuration key of the store, such as {@code
   *     apscheduler.jobstores.default}, used in error messages
   * @throws IllegalArgumentException naming the key and what it accepts
   * @throws JobStoreException if the store type's client library is not on the classpath
   */
  public static JobStore fromOptions(String keyPrefix, Map<String, ?> options) {
    return fromOptions(keyPrefix, options, Resources.NONE);
  }

  /**
   * Creates a store from configuration options, as {@link #fromOptions(String, Map)} does, with
   * what the application provides beside the options: a jdbc store without {@code url} takes the
   * DataSource that {@code resources} finds for its {@code data-source} option (or for none), a
   * redis or mongodb store without {@code url} connects as the application does, and optional
   * libraries are looked up in the resources' class loader. This is the one place that knows the
   * store types: frameworks build their stores through it.
   *
   * @param keyPrefix the configuration key of the store, used in error messages
   * @throws IllegalArgumentException naming the key and what it accepts
   * @throws JobStoreException if the store type's client library is not on the classpath
   */
  public static JobStore fromOptions(
      String keyPrefix, Map<String, ?> options, Resources resources) {
    Objects.requireNonNull(resources, "resources");
    Object type = options.get("type");
    Object className = options.get("class");
    if (type != null && className != null) {
      throw new IllegalArgumentException(keyPrefix + ": give either .type or .class, not both");
    }
    if (className != null) {
      return instantiate(
          keyPrefix + ".class", String.valueOf(className), options, resources.classLoader());
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
        options(keyPrefix, options, List.of());
        return memory();
      }
      case "jdbc" -> {
        List<String> names =
            new ArrayList<>(
                List.of(
                    "url",
                    "username",
                    "password",
                    "data-source",
                    "table-name",
                    "schema",
                    "initialize-schema"));
        names.addAll(CLUSTER_OPTIONS);
        Map<String, Object> o = options(keyPrefix, options, names);
        JdbcJobStore.Builder b = jdbcBuilder(keyPrefix, o, resources);
        if (o.containsKey("table-name")) {
          b.tableName(optional(o, "table-name"));
        }
        if (o.containsKey("schema")) {
          b.schema(optional(o, "schema"));
        }
        if (o.containsKey("initialize-schema")) {
          b.initializeSchema(initializeSchema(keyPrefix, o.get("initialize-schema")));
        }
        clusterOptions(
            keyPrefix,
            o,
            b::cluster,
            b::heartbeatInterval,
            b::missedHeartbeats,
            b::pollInterval,
            b::maxClockSkew);
        if (resources.jdbcCustomizer() != null) {
          resources.jdbcCustomizer().accept(b);
        }
        return b.build();
      }
      case "file" -> {
        Map<String, Object> o = options(keyPrefix, options, List.of("path"));
        Path path = Path.of(required(keyPrefix, o, "path", "the path of the database file"));
        requireClass("org.h2.jdbcx.JdbcDataSource", "com.h2database:h2", "file", resources);
        return file(path);
      }
      case "redis" -> {
        List<String> names = new ArrayList<>(List.of("url", "key-prefix"));
        names.addAll(CLUSTER_OPTIONS);
        Map<String, Object> o = options(keyPrefix, options, names);
        requireClass("io.lettuce.core.RedisClient", "io.lettuce:lettuce-core", "Redis", resources);
        RedisJobStore.Builder b =
            o.containsKey("url") || resources.redis() == null
                ? RedisJobStore.builder(
                    required(keyPrefix, o, "url", "a Redis URI such as redis://127.0.0.1:6379/0"))
                : fromApplication(keyPrefix + ".url", () -> resources.redis().get());
        if (o.containsKey("key-prefix")) {
          b.keyPrefix(optional(o, "key-prefix"));
        }
        clusterOptions(
            keyPrefix,
            o,
            b::cluster,
            b::heartbeatInterval,
            b::missedHeartbeats,
            b::pollInterval,
            b::maxClockSkew);
        return b.build();
      }
      case "mongodb" -> {
        List<String> names = new ArrayList<>(List.of("url", "database", "collection"));
        names.addAll(CLUSTER_OPTIONS);
        Map<String, Object> o = options(keyPrefix, options, names);
        requireMongo(resources);
        MongoJobStore.Builder b;
        if (o.containsKey("url") || resources.mongodb() == null) {
          String url =
              required(
                  keyPrefix, o, "url", "a MongoDB connection string such as mongodb://127.0.0.1");
          b = MongoJobStore.builder(url, required(keyPrefix, o, "database", "a database name"));
        } else {
          String database = optional(o, "database");
          b = fromApplication(keyPrefix + ".database", () -> resources.mongodb().apply(database));
        }
        if (o.containsKey("collection")) {
          b.collection(optional(o, "collection"));
        }
        clusterOptions(
            keyPrefix,
            o,
            b::cluster,
            b::heartbeatInterval,
            b::missedHeartbeats,
            b::pollInterval,
            b::maxClockSkew);
        return b.build();
      }
      default -> throw ConfigValues.bad(keyPrefix + ".type", type, "one of " + TYPES);
    }
  }

  /**
   * The options of a store type, keyed by their hyphenated names ({@code table_name} is read as
   * {@code table-name}), without {@code type}.
   */
  private static Map<String, Object> options(
      String keyPrefix, Map<String, ?> options, List<String> known) {
    Map<String, Object> result = new LinkedHashMap<>();
    for (Map.Entry<String, ?> entry : options.entrySet()) {
      if (entry.getKey().equals("type")) {
        continue;
      }
      String key = entry.getKey().replace('_', '-');
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            keyPrefix
                + "."
                + entry.getKey()
                + ": unknown option for this store type; accepted: "
                + (known.isEmpty() ? "none" : known));
      }
      result.put(key, entry.getValue());
    }
    return result;
  }

  private static String required(
      String keyPrefix, Map<String, Object> options, String key, String expected) {
    String value = optional(options, key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(keyPrefix + "." + key + ": missing; expected " + expected);
    }
    return value;
  }

  /** The cluster options of the jdbc, redis and mongodb stores. */
  private static final List<String> CLUSTER_OPTIONS =
      List.of(
          "cluster",
          "node-id",
          "heartbeat-interval",
          "missed-heartbeats",
          "poll-interval",
          "max-clock-skew");

  /** Hands the {@link #CLUSTER_OPTIONS} that are set to a store builder's setters. */
  private static void clusterOptions(
      String keyPrefix,
      Map<String, Object> o,
      Consumer<String> cluster,
      Consumer<Duration> heartbeatInterval,
      IntConsumer missedHeartbeats,
      Consumer<Duration> pollInterval,
      Consumer<Duration> maxClockSkew) {
    if (o.containsKey("cluster") && ConfigValues.bool(keyPrefix + ".cluster", o.get("cluster"))) {
      cluster.accept(optional(o, "node-id"));
    }
    if (o.containsKey("heartbeat-interval")) {
      heartbeatInterval.accept(
          ConfigValues.duration(keyPrefix + ".heartbeat-interval", o.get("heartbeat-interval")));
    }
    if (o.containsKey("missed-heartbeats")) {
      missedHeartbeats.accept(
          ConfigValues.integer(keyPrefix + ".missed-heartbeats", o.get("missed-heartbeats"), 1));
    }
    if (o.containsKey("poll-interval")) {
      pollInterval.accept(
          ConfigValues.duration(keyPrefix + ".poll-interval", o.get("poll-interval")));
    }
    if (o.containsKey("max-clock-skew")) {
      maxClockSkew.accept(
          ConfigValues.duration(keyPrefix + ".max-clock-skew", o.get("max-clock-skew")));
    }
  }

  private static String optional(Map<String, Object> options, String key) {
    Object value = options.get(key);
    return value == null ? null : String.valueOf(value).trim();
  }

  private static InitializeSchema initializeSchema(String keyPrefix, Object value) {
    String text = String.valueOf(value).trim().toUpperCase(Locale.ROOT);
    for (InitializeSchema candidate : InitializeSchema.values()) {
      if (candidate.name().equals(text)) {
        return candidate;
      }
    }
    throw ConfigValues.bad(keyPrefix + ".initialize-schema", value, "embedded, always or never");
  }

  /**
   * The builder of a jdbc store: on the database at {@code url}, or else on the DataSource that
   * {@code resources} finds for the {@code data-source} option.
   */
  private static JdbcJobStore.Builder jdbcBuilder(
      String keyPrefix, Map<String, Object> o, Resources resources) {
    String dataSourceName = optional(o, "data-source");
    if (o.containsKey("url") && dataSourceName != null) {
      throw new IllegalArgumentException(
          keyPrefix + ".data-source: give either .url or .data-source, not both");
    }
    if (o.containsKey("url") || resources.dataSources() == null) {
      if (dataSourceName != null) {
        throw ConfigValues.bad(
            keyPrefix + ".data-source",
            dataSourceName,
            "no value here: only an application framework provides named DataSources; give .url");
      }
      return JdbcJobStore.builder(
          required(keyPrefix, o, "url", "a JDBC URL such as jdbc:postgresql://host/db"),
          optional(o, "username"),
          optional(o, "password"));
    }
    DataSource dataSource;
    try {
      dataSource = resources.dataSources().find(dataSourceName);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          keyPrefix
              + ".data-source: "
              + (dataSourceName == null ? "missing" : "'" + dataSourceName + "' is not valid")
              + "; expected "
              + e.getMessage(),
          e);
    }
    return JdbcJobStore.builder(Objects.requireNonNull(dataSource, "found DataSource"));
  }

  /**
   * What the application provides for a store without {@code url}; its refusal is reported against
   * {@code key}.
   */
  private static <T> T fromApplication(String key, Supplier<T> lookup) {
    try {
      return Objects.requireNonNull(lookup.get(), "store builder");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": missing; expected " + e.getMessage(), e);
    }
  }

  private static void requireMongo(Resources resources) {
    requireClass(
        "com.mongodb.client.MongoClients", "org.mongodb:mongodb-driver-sync", "MongoDB", resources);
  }

  private static void requireClass(
      String className, String dependency, String what, Resources resources) {
    ClassLoader loader =
        resources.classLoader() != null
            ? resources.classLoader()
            : JobStores.class.getClassLoader();
    try {
      Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new JobStoreException(
          "The "
              + what
              + " job store needs "
              + dependency
              + " on the classpath (its version is managed by the Spring Boot BOM); add that"
              + " dependency, or use another store");
    }
  }

  private static JobStore instantiate(
      String key, String className, Map<String, ?> options, ClassLoader classLoader) {
    Class<?> type;
    try {
      type =
          Class.forName(
              className,
              true,
              classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw ConfigValues.bad(key, className, "the name of a JobStore class on the classpath");
    }
    if (!JobStore.class.isAssignableFrom(type)) {
      throw ConfigValues.bad(key, className, "a class implementing " + JobStore.class.getName());
    }
    try {
      try {
        Constructor<?> withOptions = type.getConstructor(Map.class);
        Map<String, Object> rest = new LinkedHashMap<>(options);
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

  /**
   * What an application provides to the stores that {@link #fromOptions(String, Map, Resources)}
   * builds, beside their options.
   *
   * <p>Immutable, and thread-safe if its lookup and customizer are.
   *
   * @param classLoader where the stores' optional libraries and {@code class} stores are looked up,
   *     or {@code null} for the core's class loader (libraries) and the thread's context class
   *     loader (store classes)
   * @param dataSources finds the DataSource of a jdbc store configured without {@code url}, or
   *     {@code null} if the application has none to offer (then {@code url} is required)
   * @param jdbcCustomizer has the last say on each jdbc store's builder, after its options (cluster
   *     mode, for one), or {@code null}
   * @param redis makes the builder of a redis store configured without {@code url}, from the
   *     application's connection settings; throws {@code IllegalArgumentException} saying what is
   *     expected if it has none. {@code null} if the application has nothing to offer (then {@code
   *     url} is required)
   * @param mongodb makes the builder of a mongodb store configured without {@code url}, from the
   *     application's client, given the store's {@code database} option or {@code null} for the
   *     application's default database; throws {@code IllegalArgumentException} saying what is
   *     expected if there is no default database. {@code null} if the application has nothing to
   *     offer (then {@code url} and {@code database} are required)
   */
  public record Resources(
      ClassLoader classLoader,
      DataSourceLookup dataSources,
      Consumer<JdbcJobStore.Builder> jdbcCustomizer,
      Supplier<RedisJobStore.Builder> redis,
      Function<String, MongoJobStore.Builder> mongodb) {

    /** Nothing beyond the options. */
    public static final Resources NONE = new Resources(null, null, null);

    /** Resources without Redis or MongoDB connection settings of the application's. */
    public Resources(
        ClassLoader classLoader,
        DataSourceLookup dataSources,
        Consumer<JdbcJobStore.Builder> jdbcCustomizer) {
      this(classLoader, dataSources, jdbcCustomizer, null, null);
    }
  }

  /**
   * Finds the DataSource of a jdbc store configured without {@code url}.
   *
   * <p>Implementations are called at configuration time only.
   */
  @FunctionalInterface
  public interface DataSourceLookup {

    /**
     * The DataSource named {@code name}, or the application's default DataSource.
     *
     * @param name the store's {@code data-source} option, or {@code null} if it has none
     * @throws IllegalArgumentException whose message says what is expected instead, such as "the
     *     name of a DataSource bean"
     */
    DataSource find(String name);
  }
}
