package dev.apscheduler.store.jdbc;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.history.RunHistoryStore;
import dev.apscheduler.internal.ClusterOptions;
import dev.apscheduler.internal.ClusterSettings;
import dev.apscheduler.store.ClusteredJobStore;
import dev.apscheduler.store.DueJobProcessor;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobDocuments;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.JobStoreContext;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * changed or deleted. Writes of several statements run in one transaction each, so that a failure
 * leaves the table as it was: {@link #addJobs} (batched inserts), {@link #replaceJob} (delete and
 * insert) and {@link #updateJobIfUnchanged} (the row locked, compared and written).
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
public final class JdbcJobStore implements ClusteredJobStore {

  /** The default table name. */
  public static final String DEFAULT_TABLE_NAME = "apscheduler_jobs";

  /** Default heartbeat interval of a cluster node. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL =
      ClusterSettings.DEFAULT_HEARTBEAT_INTERVAL;

  /** Default number of missed heartbeats after which a cluster node counts as dead. */
  public static final int DEFAULT_MISSED_HEARTBEATS = ClusterSettings.DEFAULT_MISSED_HEARTBEATS;

  /** Default clock skew from the database above which a cluster node warns. */
  public static final Duration DEFAULT_MAX_CLOCK_SKEW = ClusterSettings.DEFAULT_MAX_CLOCK_SKEW;

  /** Default interval at which a cluster node looks for jobs added by others. */
  public static final Duration DEFAULT_POLL_INTERVAL = ClusterSettings.DEFAULT_POLL_INTERVAL;

  static final int MAX_ID_LENGTH = ClusterSettings.MAX_NODE_ID_LENGTH;

  private static final System.Logger LOG = System.getLogger(JdbcJobStore.class.getName());

  private final DataSource dataSource;
  private final String schema;
  private final String tableName;
  private final String table;
  private final InitializeSchema initializeSchema;
  private final boolean holdConnection;
  private final String kind;
  private final String location;
  private final ClusterSettings clusterSettings;
  private final JobTable jobTable;
  private final JobReads reads;
  private final JobWrites writes;
  private final JdbcRunHistory history;

  private volatile String description;
  private volatile JobDocuments documents;
  private volatile Connection heldConnection;
  private volatile JdbcCluster cluster;

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
    this.clusterSettings = b.cluster.settings();
    this.jobTable = new JobTable(dataSource, new JdbcSql(table), () -> cluster, () -> description);
    this.reads = new JobReads(jobTable);
    this.writes = new JobWrites(jobTable);
    this.history = new JdbcRunHistory(jobTable);
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

  @Override
  public Optional<String> nodeId() {
    return Optional.ofNullable(clusterSettings).map(ClusterSettings::nodeId);
  }

  @Override
  public Map<String, Instant> clusterNodes() {
    return clusterSettings == null ? new LinkedHashMap<>() : reads.clusterNodes();
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
    JdbcDialect dialect;
    try {
      if (holdConnection && heldConnection == null) {
        heldConnection = dataSource.getConnection();
      }
      try (Connection c = dataSource.getConnection()) {
        dialect = new JdbcSchema(schema, tableName, initializeSchema, description).setUp(c);
        history.start(c, dialect, description);
      }
    } catch (SQLException e) {
      closeHeldConnection();
      throw jobTable.failure("start", e);
    } catch (RuntimeException e) {
      closeHeldConnection();
      throw e;
    }
    documents = docs;
    if (clusterSettings != null) {
      JdbcCluster node =
          new JdbcCluster(
              dataSource, jobTable.sql(), dialect, clusterSettings, context, description, history);
      node.start();
      cluster = node;
    }
  }

  /** The table {@code <table>_runs}, one row per ended run (in cluster mode, of every node). */
  @Override
  public RunHistoryStore runHistory() {
    return history;
  }

  private JobDocuments documents() {
    JobDocuments docs = documents;
    if (docs == null) {
      throw new IllegalStateException(
          description + " is not started; the scheduler starts it, or call start(context) first");
    }
    return docs;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the id is longer than 255 characters, or the job cannot be
   *     stored ({@link JobCodec#requireEncodable})
   */
  @Override
  public void addJob(Job job) {
    writes.add(documents(), job);
  }

  /**
   * Adds the jobs in one transaction with batched inserts, all or none; in cluster mode the other
   * nodes are told once.
   *
   * @throws ConflictingIdException naming an id repeated in {@code jobs} or already stored
   * @throws IllegalArgumentException as {@link #addJob} does, before anything is written
   */
  @Override
  public void addJobs(List<Job> jobs) {
    writes.addAll(documents(), jobs);
  }

  /** Deletes the job of the same id, if any, and inserts {@code job}, in one transaction. */
  @Override
  public void replaceJob(Job job) {
    writes.replace(documents(), job);
  }

  /**
   * Locks the row ({@code SELECT ... FOR UPDATE}), compares its schedule with {@code expected}
   * ({@link JobStore#sameSchedule}) and writes {@code updated}, in one transaction: a due pass of
   * any node waits for it, or skips the row.
   *
   * @throws IllegalArgumentException if the two jobs have different ids
   */
  @Override
  public boolean updateJobIfUnchanged(Job expected, Job updated) {
    return writes.updateIfUnchanged(documents(), expected, updated);
  }

  @Override
  public void updateJob(Job job) {
    writes.update(documents(), job);
  }

  @Override
  public void removeJob(String jobId) {
    writes.remove(documents(), jobId);
  }

  @Override
  public void removeAllJobs() {
    writes.removeAll(documents());
  }

  /**
   * {@inheritDoc}
   *
   * @throws JobStoreException if the job's row cannot be read (see {@link JobDocuments})
   */
  @Override
  public Optional<Job> lookupJob(String jobId) {
    return reads.lookup(documents(), jobId);
  }

  @Override
  public List<Job> getDueJobs(Instant now, int limit) {
    return reads.due(documents(), now, limit);
  }

  /**
   * Takes due jobs in one transaction: locks up to {@code limit} due rows (skipping rows another
   * node has locked), lets the scheduler decide each, writes the outcomes back with batched
   * statements (and, in cluster mode, records the runs started) and commits.
   */
  @Override
  public int processDueJobs(Instant now, int limit, DueJobProcessor processor) {
    return writes.processDue(documents(), now, limit, processor);
  }

  @Override
  public void runFinished(Job job, Instant fireTime) {
    JdbcCluster node = cluster;
    if (node != null) {
      node.runFinished(job.id(), fireTime);
    }
  }

  /**
   * In cluster mode, records the run if fewer than the job's {@code maxInstances} runs are in
   * flight on all nodes (one transaction that locks the job's row); otherwise {@code true}.
   *
   * @throws JobStoreException if the database cannot be reached
   */
  @Override
  public boolean tryStartRun(Job job, Instant fireTime) {
    JdbcCluster node = cluster;
    if (node == null) {
      return true;
    }
    try {
      return node.runs().tryStart(new RunRecords.Run(job.id(), fireTime), job.maxInstances());
    } catch (SQLException e) {
      throw jobTable.failure("record a run of job '" + job.id() + "'", e);
    }
  }

  /** In cluster mode, how far the database's clock is ahead (due times follow it); else zero. */
  @Override
  public Duration clockOffset() {
    JdbcCluster node = cluster;
    return node == null ? Duration.ZERO : node.clockOffset();
  }

  @Override
  public boolean clockSkewed() {
    JdbcCluster node = cluster;
    return node != null && node.clockSkewed();
  }

  @Override
  public Optional<Duration> pollInterval() {
    return Optional.ofNullable(clusterSettings).map(ClusterSettings::pollInterval);
  }

  @Override
  public Optional<Instant> getNextRunTime() {
    return reads.nextRunTime(documents());
  }

  @Override
  public List<Job> getAllJobs() {
    return reads.all(documents());
  }

  /** Reads only the rows of the page. */
  @Override
  public List<Job> getJobs(int offset, int limit) {
    return reads.page(documents(), offset, limit);
  }

  /** Counts the rows of the table (unreadable ones included: they are kept). */
  @Override
  public int countJobs() {
    return reads.count();
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
    private final ClusterOptions cluster = new ClusterOptions();

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
      this.tableName = JdbcSchema.requireIdentifier("table-name", tableName);
      return this;
    }

    /**
     * The schema of the table (default: the connection's); the same rules as for the table name.
     *
     * @throws IllegalArgumentException if the name is not such an identifier
     */
    public Builder schema(String schema) {
      this.schema = schema == null ? null : JdbcSchema.requireIdentifier("schema", schema);
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
      cluster.cluster(nodeId);
      return this;
    }

    /** How often a cluster node writes its heartbeat (default 5 s). */
    public Builder heartbeatInterval(Duration interval) {
      cluster.heartbeatInterval(interval);
      return this;
    }

    /** After how many missed heartbeats a cluster node counts as dead (default 3). */
    public Builder missedHeartbeats(int missed) {
      cluster.missedHeartbeats(missed);
      return this;
    }

    /** How often a cluster node looks for jobs added by other nodes (default 500 ms). */
    public Builder pollInterval(Duration interval) {
      cluster.pollInterval(interval);
      return this;
    }

    /**
     * How far a cluster node's clock may be off the database's before the node logs a warning
     * (default 1 s). Due times are judged by the database's clock either way.
     */
    public Builder maxClockSkew(Duration skew) {
      cluster.maxClockSkew(skew);
      return this;
    }

    /** Builds the store; it connects when started. */
    public JdbcJobStore build() {
      return new JdbcJobStore(this);
    }
  }
}
