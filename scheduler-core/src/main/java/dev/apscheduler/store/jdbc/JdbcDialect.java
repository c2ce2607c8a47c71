package dev.apscheduler.store.jdbc;

import dev.apscheduler.JobStoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What differs between the supported databases: the schema statements. The statements that read and
 * write jobs are the same standard SQL everywhere.
 *
 * <p>Immutable and thread-safe.
 */
enum JdbcDialect {
  H2("h2"),
  POSTGRESQL("postgresql"),
  MARIADB("mariadb");

  private final String fileSuffix;

  JdbcDialect(String fileSuffix) {
    this.fileSuffix = fileSuffix;
  }

  /**
   * The dialect of a database product, as {@code DatabaseMetaData.getDatabaseProductName()} names
   * it.
   *
   * @throws JobStoreException for a database that is not supported
   */
  static JdbcDialect of(String productName) {
    String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    if (name.equals("h2")) {
      return H2;
    }
    if (name.contains("postgresql")) {
      return POSTGRESQL;
    }
    if (name.contains("mariadb") || name.contains("mysql")) {
      return MARIADB;
    }
    throw new JobStoreException(
        "The JDBC job store does not support the database '"
            + productName
            + "'; supported: H2, PostgreSQL, MariaDB and MySQL");
  }

  /** The name of the schema file shipped in the jar for this dialect. */
  String schemaResource() {
    return "dev/apscheduler/store/jdbc/schema-" + fileSuffix + ".sql";
  }

  /**
   * The statements that create the table and its index if they do not exist.
   *
   * @param schema the schema name, or {@code null} for the connection's default schema
   * @param table the table name
   */
  List<String> createStatements(String schema, String table) {
    String qualified = schema == null ? table : schema + "." + table;
    String index = table + "_nrt_idx";
    List<String> statements = new ArrayList<>();
    switch (this) {
      case H2 -> {
        statements.add(
            "CREATE TABLE IF NOT EXISTS "
                + qualified
                + " (\n"
                + "    id VARCHAR(255) NOT NULL PRIMARY KEY,\n"
                + "    name VARCHAR NOT NULL,\n"
                + "    next_run_time BIGINT,\n"
                + "    format_version INTEGER NOT NULL,\n"
                + "    document CHARACTER LARGE OBJECT NOT NULL\n"
                + ")");
        statements.add(
            "CREATE INDEX IF NOT EXISTS "
                + (schema == null ? index : schema + "." + index)
                + " ON "
                + qualified
                + " (next_run_time)");
      }
      case POSTGRESQL -> {
        statements.add(
            "CREATE TABLE IF NOT EXISTS "
                + qualified
                + " (\n"
                + "    id VARCHAR(255) NOT NULL PRIMARY KEY,\n"
                + "    name TEXT NOT NULL,\n"
                + "    next_run_time BIGINT,\n"
                + "    format_version INTEGER NOT NULL,\n"
                + "    document TEXT NOT NULL\n"
                + ")");
        statements.add(
            "CREATE INDEX IF NOT EXISTS " + index + " ON " + qualified + " (next_run_time)");
      }
      case MARIADB ->
          statements.add(
              "CREATE TABLE IF NOT EXISTS "
                  + qualified
                  + " (\n"
                  + "    id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY"
                  + " KEY,\n"
                  + "    name TEXT CHARACTER SET utf8mb4 NOT NULL,\n"
                  + "    next_run_time BIGINT NULL,\n"
                  + "    format_version INT NOT NULL,\n"
                  + "    document LONGTEXT CHARACTER SET utf8mb4 NOT NULL,\n"
                  + "    INDEX "
                  + index
                  + " (next_run_time)\n"
                  + ") ENGINE=InnoDB");
    }
    return statements;
  }
}
