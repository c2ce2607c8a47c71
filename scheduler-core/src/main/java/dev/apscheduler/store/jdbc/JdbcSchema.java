package dev.apscheduler.store.jdbc;

import dev.apscheduler.JobStoreException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The schema set-up of a {@link JdbcJobStore} at start: detects the database's dialect, creates the
 * tables as {@link InitializeSchema} says (idempotently, never dropping anything), and checks that
 * the job table can be read.
 *
 * <p>Immutable and thread-safe.
 *
 * @param schema the schema of the tables, or {@code null} for the connection's
 * @param tableName the job table's name, unqualified
 * @param initializeSchema when to create the tables
 * @param description names the store in messages
 */
record JdbcSchema(
    String schema, String tableName, InitializeSchema initializeSchema, String description) {

  private static final System.Logger LOG = System.getLogger(JdbcSchema.class.getName());
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,47}");

  /**
   * Checks a table or schema name given to the builder: SQL text is built with it, so only plain
   * identifiers are taken.
   *
   * @throws IllegalArgumentException if the name is not 1 to 48 letters, digits and underscores,
   *     starting with a letter or an underscore
   */
  static String requireIdentifier(String what, String name) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what
              + ": '"
              + name
              + "' is not a valid SQL identifier; use 1 to 48 letters, digits and underscores,"
              + " starting with a letter or an underscore");
    }
    return name;
  }

  /** The job table, qualified by its schema if one was given. */
  String table() {
    return schema == null ? tableName : schema + "." + tableName;
  }

  /**
   * Sets up the tables on {@code c}.
   *
   * @return the detected dialect
   * @throws JobStoreException for an unsupported database, or a job table that cannot be read
   *     (naming the schema file to run, or the setting that creates it)
   * @throws SQLException if the database fails otherwise
   */
  JdbcDialect setUp(Connection c) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    JdbcDialect dialect = JdbcDialect.of(meta.getDatabaseProductName());
    if (shouldInitialize(dialect, meta.getURL())) {
      initialize(c, dialect);
    }
    try (Statement s = c.createStatement()) {
      s.executeQuery(new JdbcSql(table()).probeJobTable()).close();
    } catch (SQLException e) {
      throw new JobStoreException(
          description
              + ": the table cannot be read ("
              + e.getMessage()
              + "); create it with "
              + dialect.schemaResource()
              + " from the scheduler-core jar, or set initialize-schema to always",
          e);
    }
    return dialect;
  }

  private boolean shouldInitialize(JdbcDialect dialect, String url) {
    return switch (initializeSchema) {
      case ALWAYS -> true;
      case NEVER -> false;
      case EMBEDDED ->
          dialect == JdbcDialect.H2
              && url != null
              && !url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:tcp:")
              && !url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:ssl:");
    };
  }

  private void initialize(Connection c, JdbcDialect dialect) throws SQLException {
    List<String> statements = new ArrayList<>();
    if (schema != null) {
      statements.add("CREATE SCHEMA IF NOT EXISTS " + schema);
    }
    statements.addAll(dialect.createStatements(schema, tableName));
    try (Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
    JdbcTransactions.commitIfManual(c);
    addKeptJobColumnIfMissing(c, dialect);
    LOG.log(Level.DEBUG, description + ": schema ensured");
  }

  /**
   * Adds {@link JdbcSql#KEPT_JOB} to {@code <table>_running} of a database created by an earlier
   * version. (A plain {@code ADD}: MySQL has no {@code ADD COLUMN IF NOT EXISTS}; a node that
   * starts at the same time may add it first.)
   */
  private void addKeptJobColumnIfMissing(Connection c, JdbcDialect dialect) throws SQLException {
    if (hasKeptJobColumn(c)) {
      return;
    }
    try (Statement s = c.createStatement()) {
      s.execute(dialect.addKeptJobColumn(schema, tableName));
      JdbcTransactions.commitIfManual(c);
    } catch (SQLException e) {
      rollbackIfManual(c);
      if (hasKeptJobColumn(c)) {
        return;
      }
      throw e;
    }
    LOG.log(Level.INFO, description + ": added the column " + JdbcSql.KEPT_JOB + " to its table");
  }

  private boolean hasKeptJobColumn(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeQuery(new JdbcSql(table()).probeKeptJob()).close();
      return true;
    } catch (SQLException missing) {
      rollbackIfManual(c); // PostgreSQL ends a transaction whose statement failed
      return false;
    }
  }

  private static void rollbackIfManual(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.rollback();
    }
  }
}
