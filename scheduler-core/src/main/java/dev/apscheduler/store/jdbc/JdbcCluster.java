package dev.apscheduler.store.jdbc;

import dev.apscheduler.JobStoreException;
import dev.apscheduler.SchedulerException;
import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobStoreContext;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * The cluster side of a {@link JdbcJobStore}: this node's heartbeat, the records of runs in flight
 * (so that {@code maxInstances} holds across nodes), and the reaping of nodes that stopped
 * heartbeating. Heartbeat times are the database's clock, so skew between nodes does not matter.
 *
 * <p>A node is dead when its heartbeat is older than {@code missedHeartbeats} heartbeat intervals.
 * The first live node to notice locks the dead node's row, reports each run it had in flight (a log
 * line and a {@code JOB_LOST} event naming node, job and fire time), and deletes its records; those
 * runs are not repeated. The dead node's jobs need no hand-over: any live node takes due jobs.
 *
 * <p>Thread-safe: finished runs are queued from worker threads and their records deleted at once in
 * batches on the heartbeat thread (and by the next due-job transaction), so that another node sees
 * the job free again within milliseconds.
 */
final class JdbcCluster {

  private static final System.Logger LOG = System.getLogger(JdbcCluster.class.getName());

  /** A run in flight: its job, the fire time it stands for. */
  record Run(String jobId, Instant fireTime) {}

  private final DataSource dataSource;
  private final JdbcSql sql;
  private final JdbcDialect dialect;
  private final ClusterSettings settings;
  private final JobStoreContext context;
  private final String description;
  private final ConcurrentLinkedQueue<Run> finished = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean flushQueued = new AtomicBoolean();
  private final PostgresChangeListener changes;
  private volatile ScheduledExecutorService heartbeats;

  JdbcCluster(
      DataSource dataSource,
      JdbcSql sql,
      JdbcDialect dialect,
      ClusterSettings settings,
      JobStoreContext context,
      String description) {
    this.dataSource = dataSource;
    this.sql = sql;
    this.dialect = dialect;
    this.settings = settings;
    this.context = context;
    this.description = description;
    this.changes =
        dialect == JdbcDialect.POSTGRESQL
            ? new PostgresChangeListener(dataSource, sql.table(), context.wakeUp(), description)
            : null;
  }

  /**
   * Tells the other nodes that a job was added or changed, in the caller's transaction (on
   * PostgreSQL; other databases rely on polling).
   */
  void announceChange(Connection c) throws SQLException {
    if (changes != null) {
      changes.announce(c);
    }
  }

  /** This node's id. */
  String nodeId() {
    return settings.nodeId();
  }

  /** Registers this node and starts heartbeating. */
  synchronized void start() {
    heartbeat();
    heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            run -> {
              Thread thread = new Thread(run, "apscheduler-heartbeat-" + settings.nodeId());
              thread.setDaemon(true);
              return thread;
            });
    long period = settings.heartbeatInterval().toMillis();
    heartbeats.scheduleWithFixedDelay(
        this::heartbeatQuietly, period, period, TimeUnit.MILLISECONDS);
    if (changes != null) {
      changes.start(settings.nodeId());
    }
    LOG.log(Level.INFO, description + ": cluster node '" + settings.nodeId() + "' joined");
  }

  /** Stops heartbeating, writes the finished runs and leaves the cluster. */
  synchronized void stop() {
    if (heartbeats == null) {
      return;
    }
    heartbeats.shutdownNow();
    heartbeats = null;
    if (changes != null) {
      changes.stop();
    }
    flushQueued.set(false);
    try {
      JdbcTransactions.inTransaction(
          dataSource,
          c -> {
            flushFinished(c);
            try (PreparedStatement ps = c.prepareStatement(sql.deleteNode())) {
              ps.setString(1, settings.nodeId());
              return ps.executeUpdate();
            }
          });
    } catch (SQLException e) {
      LOG.log(Level.WARNING, description + ": leaving the cluster cleanly failed: " + e);
    }
  }

  /** Remembers a finished run and has its record deleted soon, batched with others. */
  void runFinished(String jobId, Instant fireTime) {
    finished.add(new Run(jobId, fireTime));
    ScheduledExecutorService executor = heartbeats;
    if (executor != null && flushQueued.compareAndSet(false, true)) {
      try {
        executor.execute(this::flushQuietly);
      } catch (java.util.concurrent.RejectedExecutionException stopping) {
        flushQueued.set(false);
      }
    }
  }

  private void flushQuietly() {
    flushQueued.set(false);
    try {
      JdbcTransactions.inTransaction(
          dataSource,
          c -> {
            flushFinished(c);
            return null;
          });
    } catch (SQLException e) {
      LOG.log(Level.DEBUG, description + ": recording finished runs failed, will retry: " + e);
    }
  }

  /** Deletes the records of finished runs, in the caller's transaction. */
  void flushFinished(Connection c) throws SQLException {
    if (finished.isEmpty()) {
      return;
    }
    List<Run> batch = new ArrayList<>();
    for (Run run = finished.poll(); run != null; run = finished.poll()) {
      batch.add(run);
    }
    try (PreparedStatement ps = c.prepareStatement(sql.deleteRun())) {
      for (Run run : batch) {
        ps.setString(1, run.jobId());
        ps.setLong(2, JobCodec.toEpochMicros(run.fireTime()));
        ps.setString(3, settings.nodeId());
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      finished.addAll(batch);
      throw e;
    }
  }

  /** How many runs of each of these jobs are in flight on any node. */
  Map<String, Integer> runningCounts(Connection c, Collection<String> jobIds) throws SQLException {
    Map<String, Integer> counts = new HashMap<>();
    if (jobIds.isEmpty()) {
      return counts;
    }
    try (PreparedStatement ps = c.prepareStatement(sql.countRuns(jobIds.size()))) {
      int i = 1;
      for (String id : jobIds) {
        ps.setString(i++, id);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getString(1), rs.getInt(2));
        }
      }
    }
    return counts;
  }

  /** Records runs started by this node, in the caller's transaction. */
  void recordStarted(Connection c, List<Run> runs) throws SQLException {
    if (runs.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(sql.insertRun(dialect))) {
      for (Run run : runs) {
        ps.setString(1, run.jobId());
        ps.setLong(2, JobCodec.toEpochMicros(run.fireTime()));
        ps.setString(3, settings.nodeId());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private void heartbeatQuietly() {
    try {
      heartbeat();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, description + ": heartbeat failed, will retry: " + e);
    }
  }

  /**
   * Writes this node's heartbeat, the finished runs, and reaps dead nodes, in one transaction.
   *
   * @throws dev.apscheduler.JobStoreException if the database cannot be reached
   */
  void heartbeat() {
    List<JobEvent> lost = new ArrayList<>();
    try {
      JdbcTransactions.inTransaction(
          dataSource,
          c -> {
            beat(c);
            flushFinished(c);
            reap(c, lost);
            return null;
          });
    } catch (SQLException e) {
      throw new JobStoreException(
          description + ": heartbeat of node '" + settings.nodeId() + "' failed: " + e, e);
    }
    for (JobEvent event : lost) {
      context.events().onEvent(event);
    }
  }

  private void beat(Connection c) throws SQLException {
    try (PreparedStatement update = c.prepareStatement(sql.updateHeartbeat(dialect))) {
      update.setString(1, settings.nodeId());
      if (update.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement insert = c.prepareStatement(sql.insertNode(dialect))) {
      insert.setString(1, settings.nodeId());
      insert.executeUpdate();
    }
  }

  private void reap(Connection c, List<JobEvent> lost) throws SQLException {
    long deadAfterMicros = settings.deadAfter().toNanos() / 1000;
    List<String> dead = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.lockDeadNodes(dialect))) {
      ps.setLong(1, deadAfterMicros);
      ps.setString(2, settings.nodeId());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          dead.add(rs.getString(1));
        }
      }
    }
    for (String node : dead) {
      try (PreparedStatement ps = c.prepareStatement(sql.selectRunsOfNode())) {
        ps.setString(1, node);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            lost.add(lostRun(node, rs.getString(1), rs.getLong(2), rs.getLong(3)));
          }
        }
      }
      for (String statement : List.of(sql.deleteRunsOfNode(), sql.deleteNode())) {
        try (PreparedStatement ps = c.prepareStatement(statement)) {
          ps.setString(1, node);
          ps.executeUpdate();
        }
      }
      LOG.log(
          Level.WARNING,
          description
              + ": node '"
              + node
              + "' stopped heartbeating; removed it from the cluster, its jobs continue on the"
              + " others");
    }
  }

  private JobEvent lostRun(String node, String jobId, long fireMicros, long startedMicros) {
    Instant fireTime = JobCodec.fromEpochMicros(fireMicros);
    SchedulerException problem =
        new SchedulerException(
            "Run of job '"
                + jobId
                + "' at "
                + fireTime
                + " was in flight on node '"
                + node
                + "', which stopped heartbeating; it is reported, not run again");
    LOG.log(Level.WARNING, description + ": " + problem.getMessage());
    return new JobEvent(
        EventType.JOB_LOST,
        context.clock().instant(),
        jobId,
        context.alias(),
        fireTime.atZone(ZoneOffset.UTC),
        JobCodec.fromEpochMicros(startedMicros),
        null,
        problem);
  }
}
