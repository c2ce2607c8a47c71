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

  /** Built-in store type (memory, jdbc, file, redis or mongodb); give either this or the class. */
  private String type;

  /**
   * Fully qualified name of a custom JobStore class with a public constructor taking a Map of the
   * options, or none; give either this or the type.
   */
  @Name("class")
  private String className;

  /** Bean name of the DataSource of a jdbc store without a url; the single DataSource if unset. */
  private String dataSource;

  /** Table of a jdbc store; the store's default if unset. */
  private String tableName;

  /** Database schema of the jdbc store's table; the connection's default if unset. */
  private String schema;

  /**
   * When to create the jdbc store's table: embedded (for an embedded database only), always or
   * never; the store's default (embedded) if unset.
   */
  private InitializeSchema initializeSchema;

  /** File of a file store. */
  private Path path;

  /**
   * Connection URL of a redis or mongodb store, such as redis://127.0.0.1:6379/0, or JDBC URL of a
   * jdbc store that connects without a DataSource bean. A redis store without it connects as
   * spring.data.redis.* says, a mongodb store through the application's MongoClient
   * (spring.mongodb.*).
   */
  private String url;

  /** User of a jdbc store configured with a url. */
  private String username;

  /** Password of a jdbc store configured with a url. */
  private String password;

  /**
   * Database of a mongodb store; without a url, the database of spring.mongodb.uri or
   * spring.mongodb.database if unset.
   */
  private String database;

  /** Collection of a mongodb store; the store's default if unset. */
  private String collection;

  /** Prefix of the keys of a redis store; the store's default if unset. */
  private String keyPrefix;

  public String getType() {
    return type;
  }

  public void setType(String type) {
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

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
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
}
