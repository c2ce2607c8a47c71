package dev.apscheduler.store.jdbc;

import dev.apscheduler.JobStoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What differs between the supported databases: the schema statements and the database's clock. The
 * statements that read, lock and write jobs are the same SQL everywhere ({@code FOR UPDATE SKIP
 * LOCKED} works on H2 2, PostgreSQL, MariaDB 10.6+ and MySQL 8).
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

  /**
   * An SQL expression for the database's current time in UTC epoch microseconds, whatever the
   * session's time zone (MariaDB's {@code NOW()} is local time, which repeats an hour in autumn).
   */
  String nowMicros() {
    return switch (this) {
      case H2 ->
          "DATEDIFF(MICROSECOND, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00',"
              + " CURRENT_TIMESTAMP(6))";
      case POSTGRESQL -> "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)";
      case MARIADB -> "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', UTC_TIMESTAMP(6))";
    };
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
    statements.addAll(clusterStatements(schema, table));
    statements.addAll(historyStatements(schema, table));
    return statements;
  }

  /**
   * The statements that create {@code <table>_runs}, one row per ended run (run history), with its
   * indexes by job and end time and by end time.
   */
  private List<String> historyStatements(String schema, String table) {
    String runs = (schema == null ? table : schema + "." + table) + "_runs";
    String id =
        this == MARIADB ? "VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin" : "VARCHAR(255)";
    String text =
        switch (this) {
          case H2 -> "VARCHAR";
          case POSTGRESQL -> "TEXT";
          case MARIADB -> "TEXT CHARACTER SET utf8mb4";
        };
    String jobIndex = table + "_runs_job_idx";
    String endIndex = table + "_runs_end_idx";
    String create =
        "CREATE TABLE IF NOT EXISTS "
            + runs
            + " (\n"
            + "    job_id "
            + id
            + " NOT NULL,\n"
            + "    fire_time BIGINT NOT NULL,\n"
            + "    node_id "
            + id
            + ",\n"
            + "    started BIGINT,\n"
            + "    ended BIGINT NOT NULL,\n"
            + "    outcome VARCHAR(32) NOT NULL,\n"
            + "    attempt INTEGER NOT NULL,\n"
            + "    exception_class "
            + text
            + ",\n"
            + "    exception_message "
            + text
            + ",\n"
            + "    stack_trace "
            + text;
    if (this == MARIADB) {
      return List.of(
          create
              + ",\n    INDEX "
              + jobIndex
              + " (job_id, ended),\n    INDEX "
              + endIndex
              + " (ended)\n) ENGINE=InnoDB");
    }
    String prefix = this == H2 && schema != null ? schema + "." : "";
    return List.of(
        create + "\n)",
        "CREATE INDEX IF NOT EXISTS " + prefix + jobIndex + " ON " + runs + " (job_id, ended)",
        "CREATE INDEX IF NOT EXISTS " + prefix + endIndex + " ON " + runs + " (ended)");
  }

  /**
   * Deletes at most {@code limit} rows of {@code table} whose {@code ended} is before a parameter.
   */
  String deleteEndedBefore(String table, int limit) {
    return switch (this) {
      case H2 -> "DELETE FROM " + table + " WHERE ended < ? FETCH FIRST " + limit + " ROWS ONLY";
      case POSTGRESQL ->
          "DELETE FROM "
              + table
              + " WHERE ctid IN (SELECT ctid FROM "
              + table
              + " WHERE ended < ? LIMIT "
              + limit
              + ")";
      case MARIADB -> "DELETE FROM " + table + " WHERE ended < ? LIMIT " + limit;
    };
  }

  /**
   * The statement that adds the column {@link JdbcSql#KEPT_JOB} to {@code <table>_running} of a
   * database created by an earlier version (the shipped schema files have it in the table).
   */
  String addKeptJobColumn(String schema, String table) {
    String prefix = schema == null ? table : schema + "." + table;
    return "ALTER TABLE " + prefix + "_running ADD " + JdbcSql.KEPT_JOB + " " + keptJobType();
  }

  /** The type of the column {@link JdbcSql#KEPT_JOB}: a job's document, as in the job table. */
  private String keptJobType() {
    return switch (this) {
      case H2 -> "CHARACTER LARGE OBJECT";
      case POSTGRESQL -> "TEXT";
      case MARIADB -> "LONGTEXT CHARACTER SET utf8mb4";
    };
  }

  /**
   * The statements that create the two tables of cluster mode: {@code <table>_nodes}, one row per
   * scheduler node with its last heartbeat (database time), and {@code <table>_running}, one row
   * per run in flight on some node, which keeps the document of a job that a lost run adds back
   * (see {@code RunRecords}).
   */
  private List<String> clusterStatements(String schema, String table) {
    String prefix = schema == null ? table : schema + "." + table;
    String id =
        this == MARIADB ? "VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin" : "VARCHAR(255)";
    String engine = this == MARIADB ? " ENGINE=InnoDB" : "";
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + prefix
            + "_nodes (\n"
            + "    node_id "
            + id
            + " NOT NULL PRIMARY KEY,\n"
            + "    heartbeat BIGINT NOT NULL\n"
            + ")"
            + engine,
        "CREATE TABLE IF NOT EXISTS "
            + prefix
            + "_running (\n"
            + "    job_id "
            + id
            + " NOT NULL,\n"
            + "    fire_time BIGINT NOT NULL,\n"
            + "    node_id "
            + id
            + " NOT NULL,\n"
            + "    started BIGINT NOT NULL,\n"
            + "    "
            + JdbcSql.KEPT_JOB
            + " "
            + keptJobType()
            + ",\n"
            + "    PRIMARY KEY (job_id, fire_time, node_id)\n"
            + ")"
            + engine);
  }
}
