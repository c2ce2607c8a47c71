package dev.apscheduler.store.jdbc;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.JobNotFoundException;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobDocuments;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.JobStoreContext;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Keeps jobs in one table of a relational database (H2, PostgreSQL, MariaDB or MySQL, detected from
 * the connection), through plain JDBC.
 *
 * <p>The table (default {@code apscheduler_jobs}) has one row per job: {@code id}, {@code name},
 * {@code next_run_time} (UTC epoch microseconds, {@code NULL} while paused, indexed), {@code
 * format_version} and {@code document}, the job's JSON document ({@link JobCodec}). It is created
 * at start as {@link InitializeSchema} says; the same statements are in the jar as {@code
 * dev/apscheduler/store/jdbc/schema-{h2,postgresql,mariadb}.sql}.
 *
 * <p>Every operation takes a fresh connection from the {@link DataSource} and gives it back, so a
 * pool, or a plain data source, recovers from a database restart by itself; the scheduler retries a
 * failing store with backoff meanwhile; give the data source connect and socket timeouts so that an
 * unreachable database fails fast. Rows whose document cannot be read are logged and skipped, never
 * changed or deleted.
 *
 * <p>Thread-safe.
 */
public final class JdbcJobStore implements JobStore {

  /** The default table name. */
  public static final String DEFAULT_TABLE_NAME = "apscheduler_jobs";

  private static final System.Logger LOG = System.getLogger(JdbcJobStore.class.getName());
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,47}");
  private static final int MAX_ID_LENGTH = 255;
  private static final String COLUMNS = "id, next_run_time, document";

  private final DataSource dataSource;
  private final String schema;
  private final String tableName;
  private final String table;
  private final InitializeSchema initializeSchema;
  private final boolean holdConnection;
  private final String kind;
  private final String location;

  private final String insertSql;
  private final String updateSql;
  private final String deleteSql;
  private final String deleteAllSql;
  private final String selectOneSql;
  private final String selectDueSql;
  private final String selectNextSql;
  private final String selectAllSql;

  private volatile String description;
  private volatile JobDocuments documents;
  private volatile Connection heldConnection;

  private JdbcJobStore(Builder b) {
    this.dataSource = b.dataSource;
    this.schema = b.schema;
    this.tableName = b.tableName;
    this.table = schema == null ? tableName : schema + "." + tableName;
    this.initializeSchema = b.initializeSchema;
    this.holdConnection = b.holdConnection;
    this.kind = b.kind;
    this.location = b.location != null ? b.location : "table " + table;
    this.description = kind + " (" + location + ")";
    insertSql =
        "INSERT INTO "
            + table
            + " (id, name, next_run_time, format_version, document) VALUES (?, ?, ?, ?, ?)";
    updateSql =
        "UPDATE "
            + table
            + " SET name = ?, next_run_time = ?, format_version = ?, document = ? WHERE id = ?";
    deleteSql = "DELETE FROM " + table + " WHERE id = ?";
    deleteAllSql = "DELETE FROM " + table;
    selectOneSql = "SELECT " + COLUMNS + " FROM " + table + " WHERE id = ?";
    selectDueSql =
        "SELECT "
            + COLUMNS
            + " FROM "
            + table
            + " WHERE next_run_time <= ? ORDER BY next_run_time, id LIMIT ?";
    selectNextSql =
        "SELECT id, next_run_time FROM "
            + table
            + " WHERE next_run_time IS NOT NULL ORDER BY next_run_time, id LIMIT ?";
    selectAllSql =
        "SELECT "
            + COLUMNS
            + " FROM "
            + table
            + " ORDER BY CASE WHEN next_run_time IS NULL THEN 1 ELSE 0 END, next_run_time, id";
  }

  /** Starts configuring a store on {@code dataSource}. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"), "JDBC job store", null);
  }

  /**
   * Starts configuring a store on a database reached through {@code DriverManager} (the driver must
   * be on the classpath); for a connection pool use {@link #builder(DataSource)}.
   *
   * @param username the user, or {@code null} to give none
   * @param password the password, or {@code null} to give none
   */
  public static Builder builder(String jdbcUrl, String username, String password) {
    return builder(new UrlDataSource(jdbcUrl, username, password));
  }

  /**
   * The guide's shelve store: jobs in an H2 database file at {@code path} (H2 writes {@code
   * <path>.mv.db}; a path that already ends in {@code .mv.db} is used as it is). The store owns the
   * database and closes it when closed. Needs {@code com.h2database:h2} on the classpath.
   *
   * @throws JobStoreException if H2 is not on the classpath
   */
  public static JdbcJobStore file(Path path) {
    Objects.requireNonNull(path, "path");
    try {
      Class.forName("org.h2.jdbcx.JdbcDataSource", false, JdbcJobStore.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new JobStoreException(
          "The file job store keeps jobs in an H2 database file, and H2 is not on the classpath;"
              + " add the dependency com.h2database:h2 (its version is managed by the Spring Boot"
              + " BOM)");
    }
    Builder b = new Builder(H2Files.dataSource(path), "File job store", "file " + path);
    b.holdConnection = true;
    return b.initializeSchema(InitializeSchema.ALWAYS).build();
  }

  /** The table, qualified by its schema if one was given. */
  public String table() {
    return table;
  }

  @Override
  public boolean isPersistent() {
    return true;
  }

  @Override
  public void start(JobStoreContext context) {
    description = kind + " '" + context.alias() + "' (" + location + ")";
    JobDocuments docs = new JobDocuments(context, description);
    try {
      if (holdConnection && heldConnection == null) {
        heldConnection = dataSource.getConnection();
      }
      try (Connection c = dataSource.getConnection()) {
        DatabaseMetaData meta = c.getMetaData();
        JdbcDialect dialect = JdbcDialect.of(meta.getDatabaseProductName());
        if (shouldInitialize(dialect, meta.getURL())) {
          initialize(c, dialect);
        }
        try (Statement s = c.createStatement()) {
          s.executeQuery("SELECT " + COLUMNS + " FROM " + table + " WHERE 1 = 0").close();
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
      }
    } catch (SQLException e) {
      closeHeldConnection();
      throw failure("start", e);
    } catch (RuntimeException e) {
      closeHeldConnection();
      throw e;
    }
    documents = docs;
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
      for (String sql : statements) {
        s.execute(sql);
      }
    }
    if (!c.getAutoCommit()) {
      c.commit();
    }
    LOG.log(Level.DEBUG, description + ": schema ensured");
  }

  private JobDocuments documents() {
    JobDocuments docs = documents;
    if (docs == null) {
      throw new IllegalStateException(
          description + " is not started; the scheduler starts it, or call start(context) first");
    }
    return docs;
  }

  @Override
  public void addJob(Job job) {
    requireIdLength(job.id());
    String json = documents().write(job);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(insertSql)) {
      ps.setString(1, job.id());
      ps.setString(2, job.name());
      setNextRunTime(ps, 3, job.nextRunTime());
      ps.setInt(4, JobCodec.VERSION);
      ps.setString(5, json);
      ps.executeUpdate();
      commit(c);
    } catch (SQLException e) {
      String state = e.getSQLState();
      if (state != null && state.startsWith("23")) {
        throw new ConflictingIdException(job.id());
      }
      throw failure("add job '" + job.id() + "'", e);
    }
  }

  @Override
  public void updateJob(Job job) {
    String json = documents().write(job);
    int updated;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(updateSql)) {
      ps.setString(1, job.name());
      setNextRunTime(ps, 2, job.nextRunTime());
      ps.setInt(3, JobCodec.VERSION);
      ps.setString(4, json);
      ps.setString(5, job.id());
      updated = ps.executeUpdate();
      commit(c);
    } catch (SQLException e) {
      throw failure("update job '" + job.id() + "'", e);
    }
    if (updated == 0) {
      throw new JobNotFoundException(job.id());
    }
    documents().forget(job.id());
  }

  @Override
  public void removeJob(String jobId) {
    int removed;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(deleteSql)) {
      ps.setString(1, jobId);
      removed = ps.executeUpdate();
      commit(c);
    } catch (SQLException e) {
      throw failure("remove job '" + jobId + "'", e);
    }
    if (removed == 0) {
      throw new JobNotFoundException(jobId);
    }
    documents().forget(jobId);
  }

  @Override
  public void removeAllJobs() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(deleteAllSql);
      commit(c);
    } catch (SQLException e) {
      throw failure("remove all jobs", e);
    }
    documents().forgetAll();
  }

  /**
   * {@inheritDoc}
   *
   * @throws JobStoreException if the job's row cannot be read (see {@link JobDocuments})
   */
  @Override
  public Optional<Job> lookupJob(String jobId) {
    JobDocuments docs = documents();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(selectOneSql)) {
      ps.setString(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(docs.readOrThrow(rs.getString(1), nextRunTime(rs), rs.getString(3)));
      }
    } catch (SQLException e) {
      throw failure("look up job '" + jobId + "'", e);
    }
  }

  @Override
  public List<Job> getDueJobs(Instant now, int limit) {
    JobDocuments docs = documents();
    while (true) {
      int skipped = docs.unreadableCount();
      List<Job> due = new ArrayList<>();
      int rows = 0;
      try (Connection c = dataSource.getConnection();
          PreparedStatement ps = c.prepareStatement(selectDueSql)) {
        ps.setLong(1, JobCodec.toEpochMicros(now));
        ps.setInt(2, limit + skipped);
        try (ResultSet rs = ps.executeQuery()) {
          while (due.size() < limit && rs.next()) {
            rows++;
            docs.read(rs.getString(1), nextRunTime(rs), rs.getString(3)).ifPresent(due::add);
          }
        }
      } catch (SQLException e) {
        throw failure("read due jobs", e);
      }
      if (due.size() == limit || rows < limit + skipped || docs.unreadableCount() == skipped) {
        return due;
      }
    }
  }

  @Override
  public Optional<Instant> getNextRunTime() {
    JobDocuments docs = documents();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(selectNextSql)) {
      ps.setInt(1, 1 + docs.unreadableCount());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!docs.isUnreadable(rs.getString(1))) {
            return Optional.of(JobCodec.fromEpochMicros(rs.getLong(2)));
          }
        }
      }
    } catch (SQLException e) {
      throw failure("read the next run time", e);
    }
    return Optional.empty();
  }

  @Override
  public List<Job> getAllJobs() {
    JobDocuments docs = documents();
    List<Job> all = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(selectAllSql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        docs.read(rs.getString(1), nextRunTime(rs), rs.getString(3)).ifPresent(all::add);
      }
    } catch (SQLException e) {
      throw failure("read all jobs", e);
    }
    return all;
  }

  @Override
  public void close() {
    closeHeldConnection();
  }

  private void closeHeldConnection() {
    Connection held = heldConnection;
    heldConnection = null;
    if (held != null) {
      try {
        held.close();
      } catch (SQLException e) {
        LOG.log(Level.WARNING, description + ": closing the database failed", e);
      }
    }
  }

  private static void setNextRunTime(PreparedStatement ps, int index, Instant next)
      throws SQLException {
    if (next == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, JobCodec.toEpochMicros(next));
    }
  }

  private static Instant nextRunTime(ResultSet rs) throws SQLException {
    long micros = rs.getLong(2);
    return rs.wasNull() ? null : JobCodec.fromEpochMicros(micros);
  }

  private static void commit(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.commit();
    }
  }

  private static void requireIdLength(String id) {
    if (id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          "id: a JDBC job store keeps ids of up to "
              + MAX_ID_LENGTH
              + " characters, got "
              + id.length());
    }
  }

  private JobStoreException failure(String what, SQLException e) {
    return new JobStoreException(
        description
            + ": could not "
            + what
            + ": "
            + e.getMessage()
            + " [SQLState "
            + e.getSQLState()
            + "]",
        e);
  }

  @Override
  public String toString() {
    return description;
  }

  /** Configures a {@link JdbcJobStore}. Not thread-safe. */
  public static final class Builder {
    private final DataSource dataSource;
    private final String kind;
    private final String location;
    private String schema;
    private String tableName = DEFAULT_TABLE_NAME;
    private InitializeSchema initializeSchema = InitializeSchema.EMBEDDED;
    private boolean holdConnection;

    private Builder(DataSource dataSource, String kind, String location) {
      this.dataSource = dataSource;
      this.kind = kind;
      this.location = location;
    }

    /**
     * The table name (default {@value JdbcJobStore#DEFAULT_TABLE_NAME}): letters, digits and
     * underscores, starting with a letter or underscore, at most 48 characters.
     *
     * @throws IllegalArgumentException if the name is not such an identifier
     */
    public Builder tableName(String tableName) {
      this.tableName = identifier("table-name", tableName);
      return this;
    }

    /**
     * The schema of the table (default: the connection's); the same rules as for the table name.
     *
     * @throws IllegalArgumentException if the name is not such an identifier
     */
    public Builder schema(String schema) {
      this.schema = schema == null ? null : identifier("schema", schema);
      return this;
    }

    /** When to create the table at start (default {@link InitializeSchema#EMBEDDED}). */
    public Builder initializeSchema(InitializeSchema initializeSchema) {
      this.initializeSchema = Objects.requireNonNull(initializeSchema, "initializeSchema");
      return this;
    }

    /** Builds the store; it connects when started. */
    public JdbcJobStore build() {
      return new JdbcJobStore(this);
    }

    private static String identifier(String what, String name) {
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
  }
}
