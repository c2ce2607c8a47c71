package dev.apscheduler.store.jdbc;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.JobNotFoundException;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.store.DueJobProcessor;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * <p>Due jobs are taken in batches, in one transaction each: the due rows are locked ({@code SELECT
 * ... FOR UPDATE SKIP LOCKED}), the scheduler decides their runs and next run times, and the rows
 * are written back with one batched statement before the commit. In <em>cluster mode</em> ({@link
 * Builder#cluster}) several schedulers share the table this way and every due run is taken by one
 * of them only; {@code maxInstances} holds across them through a table of runs in flight, and a
 * node that stops heartbeating is removed by the others, who report the runs it had in flight
 * ({@code JOB_LOST}) instead of repeating them. New jobs added by another node are seen within the
 * poll interval.
 *
 * <p>Thread-safe.
 */
public final class JdbcJobStore implements JobStore {

  /** The default table name. */
  public static final String DEFAULT_TABLE_NAME = "apscheduler_jobs";

  /** Default heartbeat interval of a cluster node. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);

  /** Default number of missed heartbeats after which a cluster node counts as dead. */
  public static final int DEFAULT_MISSED_HEARTBEATS = 3;

  /** Default interval at which a cluster node looks for jobs added by others. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

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

  private final String selectDueForUpdateSql;
  private final ClusterSettings clusterSettings;

  private volatile String description;
  private volatile JobDocuments documents;
  private volatile Connection heldConnection;
  private volatile JdbcCluster cluster;

  /**
   * Cluster mode settings.
   *
   * @param nodeId this scheduler's id in the cluster
   * @param heartbeatInterval how often the node writes its heartbeat
   * @param missedHeartbeats after how many missed heartbeats a node counts as dead
   * @param pollInterval how often the node looks for jobs added by others
   */
  record ClusterSettings(
      String nodeId, Duration heartbeatInterval, int missedHeartbeats, Duration pollInterval) {}

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
    this.clusterSettings = b.clusterSettings();
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
    selectDueForUpdateSql = selectDueSql + " FOR UPDATE SKIP LOCKED";
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

  /** This scheduler's node id in cluster mode; empty when the store is not clustered. */
  public Optional<String> nodeId() {
    return Optional.ofNullable(clusterSettings).map(ClusterSettings::nodeId);
  }

  /**
   * The nodes of the cluster with their last heartbeat (database time); empty when the store is not
   * clustered.
   *
   * @throws JobStoreException if the database cannot be reached
   */
  public Map<String, Instant> clusterNodes() {
    Map<String, Instant> nodes = new LinkedHashMap<>();
    if (clusterSettings == null) {
      return nodes;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT node_id, heartbeat FROM " + table + "_nodes ORDER BY node_id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        nodes.put(rs.getString(1), JobCodec.fromEpochMicros(rs.getLong(2)));
      }
    } catch (SQLException e) {
      throw failure("read the cluster's nodes", e);
    }
    return nodes;
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
    JdbcDialect dialect;
    description = kind + " '" + context.alias() + "' (" + location + ")";
    JobDocuments docs = new JobDocuments(context, description);
    try {
      if (holdConnection && heldConnection == null) {
        heldConnection = dataSource.getConnection();
      }
      try (Connection c = dataSource.getConnection()) {
        DatabaseMetaData meta = c.getMetaData();
        dialect = JdbcDialect.of(meta.getDatabaseProductName());
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
    if (clusterSettings != null) {
      JdbcCluster node =
          new JdbcCluster(dataSource, dialect, table, clusterSettings, context, description);
      node.start();
      cluster = node;
    }
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
      announceChange(c);
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
      bindUpdate(ps, job, json);
      updated = ps.executeUpdate();
      announceChange(c);
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

  /**
   * Takes due jobs in one transaction: locks up to {@code limit} due rows (skipping rows another
   * node has locked), lets the scheduler decide each, writes the outcomes back with batched
   * statements (and, in cluster mode, records the runs started) and commits.
   */
  @Override
  public int processDueJobs(Instant now, int limit, DueJobProcessor processor) {
    JobDocuments docs = documents();
    JdbcCluster node = cluster;
    List<String> removed = new ArrayList<>();
    int processed;
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      int isolation = c.getTransactionIsolation();
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      try {
        if (node != null) {
          node.flushFinished(c);
        }
        List<Job> due = lockDueJobs(c, docs, now, limit);
        Map<String, Integer> running =
            node == null ? Map.of() : node.runningCounts(c, due.stream().map(Job::id).toList());
        List<JdbcCluster.Run> started = new ArrayList<>();
        try (PreparedStatement update = c.prepareStatement(updateSql);
            PreparedStatement delete = c.prepareStatement(deleteSql)) {
          for (Job job : due) {
            DueJobProcessor.Outcome outcome =
                processor.process(job, node == null ? -1 : running.getOrDefault(job.id(), 0));
            if (outcome.remove()) {
              delete.setString(1, job.id());
              delete.addBatch();
              removed.add(job.id());
            } else {
              bindUpdate(update, outcome.job(), docs.write(outcome.job()));
              update.addBatch();
            }
            if (node != null && outcome.runStarted()) {
              started.add(new JdbcCluster.Run(job.id(), outcome.startedFireTime()));
            }
          }
          if (due.size() > removed.size()) {
            update.executeBatch();
          }
          if (!removed.isEmpty()) {
            delete.executeBatch();
          }
        }
        if (node != null) {
          node.recordStarted(c, started);
        }
        c.commit();
        processed = due.size();
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        c.setTransactionIsolation(isolation);
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw failure("process due jobs", e);
    }
    removed.forEach(docs::forget);
    return processed;
  }

  private List<Job> lockDueJobs(Connection c, JobDocuments docs, Instant now, int limit)
      throws SQLException {
    List<Job> due = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(selectDueForUpdateSql)) {
      ps.setLong(1, JobCodec.toEpochMicros(now));
      ps.setInt(2, limit + docs.unreadableCount());
      try (ResultSet rs = ps.executeQuery()) {
        while (due.size() < limit && rs.next()) {
          docs.read(rs.getString(1), nextRunTime(rs), rs.getString(3)).ifPresent(due::add);
        }
      }
    }
    return due;
  }

  @Override
  public void runFinished(Job job, Instant fireTime) {
    JdbcCluster node = cluster;
    if (node != null) {
      node.runFinished(job.id(), fireTime);
    }
  }

  @Override
  public Optional<Duration> pollInterval() {
    return Optional.ofNullable(clusterSettings).map(ClusterSettings::pollInterval);
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

  /** Counts the rows of the table (unreadable ones included: they are kept). */
  @Override
  public int countJobs() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw failure("count the jobs", e);
    }
  }

  @Override
  public void close() {
    JdbcCluster node = cluster;
    cluster = null;
    if (node != null) {
      node.stop();
    }
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

  private void announceChange(Connection c) throws SQLException {
    JdbcCluster node = cluster;
    if (node != null) {
      node.announceChange(c);
    }
  }

  private static void bindUpdate(PreparedStatement ps, Job job, String json) throws SQLException {
    ps.setString(1, job.name());
    setNextRunTime(ps, 2, job.nextRunTime());
    ps.setInt(3, JobCodec.VERSION);
    ps.setString(4, json);
    ps.setString(5, job.id());
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.log(Level.DEBUG, "Rollback failed: " + e);
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
    private String nodeId;
    private boolean clustered;
    private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
    private int missedHeartbeats = DEFAULT_MISSED_HEARTBEATS;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;

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

    /**
     * Turns on cluster mode: several schedulers share the table and every due run fires once.
     *
     * @param nodeId this scheduler's id in the cluster, unique among the nodes; {@code null} for
     *     the host name with a random suffix
     */
    public Builder cluster(String nodeId) {
      if (nodeId != null && (nodeId.isBlank() || nodeId.length() > MAX_ID_LENGTH)) {
        throw new IllegalArgumentException(
            "node-id: '" + nodeId + "' must be 1 to " + MAX_ID_LENGTH + " characters");
      }
      this.clustered = true;
      this.nodeId = nodeId;
      return this;
    }

    /** How often a cluster node writes its heartbeat (default 5 s). */
    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = positive("heartbeat-interval", interval);
      return this;
    }

    /** After how many missed heartbeats a cluster node counts as dead (default 3). */
    public Builder missedHeartbeats(int missed) {
      if (missed < 1) {
        throw new IllegalArgumentException("missed-heartbeats: must be 1 or more, got " + missed);
      }
      this.missedHeartbeats = missed;
      return this;
    }

    /** How often a cluster node looks for jobs added by other nodes (default 500 ms). */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = positive("poll-interval", interval);
      return this;
    }

    private ClusterSettings clusterSettings() {
      if (!clustered) {
        return null;
      }
      String id = nodeId != null ? nodeId : defaultNodeId();
      return new ClusterSettings(id, heartbeatInterval, missedHeartbeats, pollInterval);
    }

    private static String defaultNodeId() {
      String host;
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        host = "node";
      }
      return host + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    private static Duration positive(String what, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(what + ": must be longer than zero, got " + value);
      }
      return value;
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
