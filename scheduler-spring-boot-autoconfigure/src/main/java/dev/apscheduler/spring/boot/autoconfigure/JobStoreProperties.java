package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.store.jdbc.InitializeSchema;
import java.nio.file.Path;
import org.springframework.boot.context.properties.bind.Name;

/**
 * One job store under {@code apscheduler.jobstores.<alias>}: a built-in type or a custom class,
 * with the store's own options.
 *
 * <p>Not thread-safe: bound once at start-up, then only read.
 */
public class JobStoreProperties {

  /** Built-in store type; give either this or the class. */
  private JobStoreType type;

  /**
   * Fully qualified name of a custom JobStore class with a public constructor taking a Map of the
   * options, or none; give either this or the type.
   */
  @Name("class")
  private String className;

  /** Bean name of the DataSource for a jdbc store; the single DataSource if unset. */
  private String dataSource;

  /** Table of a jdbc store; the store's default if unset. */
  private String tableName;

  /** Database schema of the jdbc store's table; the connection's default if unset. */
  private String schema;

  /** When to create the jdbc store's table. */
  private InitializeSchema initializeSchema = InitializeSchema.EMBEDDED;

  /** File of a file store. */
  private Path path;

  /** Connection URL of a redis or mongodb store, such as redis://127.0.0.1:6379/0. */
  private String url;

  /** Database of a mongodb store. */
  private String database;

  /** Collection of a mongodb store; the store's default if unset. */
  private String collection;

  /** Prefix of the keys of a redis store; the store's default if unset. */
  private String keyPrefix;

  public JobStoreType getType() {
    return type;
  }

  public void setType(JobStoreType type) {
    this.type = type;
  }

  public String getClassName() {
    return className;
  }

  public void setClassName(String className) {
    this.className = className;
  }

  public String getDataSource() {
    return dataSource;
  }

  public void setDataSource(String dataSource) {
    this.dataSource = dataSource;
  }

  public String getTableName() {
    return tableName;
  }

  public void setTableName(String tableName) {
    this.tableName = tableName;
  }

  public String getSchema() {
    return schema;
  }

  public void setSchema(String schema) {
    this.schema = schema;
  }

  public InitializeSchema getInitializeSchema() {
    return initializeSchema;
  }

  public void setInitializeSchema(InitializeSchema initializeSchema) {
    this.initializeSchema = initializeSchema;
  }

  public Path getPath() {
    return path;
  }

  public void setPath(Path path) {
    this.path = path;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getDatabase() {
    return database;
  }

  public void setDatabase(String database) {
    this.database = database;
  }

  public String getCollection() {
    return collection;
  }

  public void setCollection(String collection) {
    this.collection = collection;
  }

  public String getKeyPrefix() {
    return keyPrefix;
  }

  public void setKeyPrefix(String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }

  /** The built-in job store types. */
  public enum JobStoreType {
    /** Jobs in memory only, lost on restart. */
    MEMORY,
    /** A table in a SQL database, shared by every node using it. */
    JDBC,
    /** A file on disk (the guide's shelve store). */
    FILE,
    /** A Redis server. */
    REDIS,
    /** A MongoDB collection. */
    MONGODB
  }
}
