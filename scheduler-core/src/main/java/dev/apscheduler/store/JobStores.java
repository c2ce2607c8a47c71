package dev.apscheduler.store;

import dev.apscheduler.JobStoreException;
import dev.apscheduler.internal.ConfigValues;
import dev.apscheduler.store.jdbc.InitializeSchema;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import dev.apscheduler.store.mongodb.MongoJobStore;
import dev.apscheduler.store.redis.RedisJobStore;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    requireClass("io.lettuce.core.RedisClient", "io.lettuce:lettuce-core", "Redis");
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
    requireMongo();
    return MongoJobStore.builder(connectionString, database).build();
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
        options(keyPrefix, options, List.of());
        return memory();
      }
      case "jdbc" -> {
        Map<String, Object> o =
            options(
                keyPrefix,
                options,
                List.of(
                    "url", "username", "password", "table-name", "schema", "initialize-schema"));
        JdbcJobStore.Builder b =
            JdbcJobStore.builder(
                required(keyPrefix, o, "url", "a JDBC URL such as jdbc:postgresql://host/db"),
                optional(o, "username"),
                optional(o, "password"));
        if (o.containsKey("table-name")) {
          b.tableName(optional(o, "table-name"));
        }
        if (o.containsKey("schema")) {
          b.schema(optional(o, "schema"));
        }
        if (o.containsKey("initialize-schema")) {
          b.initializeSchema(initializeSchema(keyPrefix, o.get("initialize-schema")));
        }
        return b.build();
      }
      case "file" -> {
        Map<String, Object> o = options(keyPrefix, options, List.of("path"));
        return file(Path.of(required(keyPrefix, o, "path", "the path of the database file")));
      }
      case "redis" -> {
        Map<String, Object> o = options(keyPrefix, options, List.of("url", "key-prefix"));
        String url = required(keyPrefix, o, "url", "a Redis URI such as redis://127.0.0.1:6379/0");
        requireClass("io.lettuce.core.RedisClient", "io.lettuce:lettuce-core", "Redis");
        RedisJobStore.Builder b = RedisJobStore.builder(url);
        if (o.containsKey("key-prefix")) {
          b.keyPrefix(optional(o, "key-prefix"));
        }
        return b.build();
      }
      case "mongodb" -> {
        Map<String, Object> o =
            options(keyPrefix, options, List.of("url", "database", "collection"));
        String url =
            required(
                keyPrefix, o, "url", "a MongoDB connection string such as mongodb://127.0.0.1");
        String database = required(keyPrefix, o, "database", "a database name");
        requireMongo();
        MongoJobStore.Builder b = MongoJobStore.builder(url, database);
        if (o.containsKey("collection")) {
          b.collection(optional(o, "collection"));
        }
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

  private static void requireMongo() {
    requireClass("com.mongodb.client.MongoClients", "org.mongodb:mongodb-driver-sync", "MongoDB");
  }

  private static void requireClass(String className, String dependency, String what) {
    try {
      Class.forName(className, false, JobStores.class.getClassLoader());
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
