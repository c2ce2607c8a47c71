package dev.apscheduler.store.jdbc;

import dev.apscheduler.JobStoreException;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.internal.ClusterSettings;
import dev.apscheduler.internal.HeartbeatWindow;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobDocuments;
import dev.apscheduler.store.JobStoreContext;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * The cluster side of a {@link JdbcJobStore}: this node's heartbeat, its {@link RunRecords} (so
 * that {@code maxInstances} holds across nodes), the reaping of nodes that stopped heartbeating,
 * and the offset of this node's clock from the database's, by which due times are judged.
 *
 * <p>A node is dead when its heartbeat (database time, UTC) is older than {@code missedHeartbeats}
 * heartbeat intervals. A node reaps others only once it has itself heartbeaten without a break for
 * that long, so that after a database outage the first node back does not take the others, which
 * have not had the chance to heartbeat yet, for dead. The first live node to notice locks the dead
 * node's row, reports each run it had in flight ({@code JOB_LOST}, on a thread of its own, never
 * the heartbeat's) and deletes its records; those runs are not repeated, unless their job reruns
 * lost runs ({@link LostRunRerunner}, in the same transaction). Records whose node is no longer
 * listed are released the same way. A node that starts and finds its own row (a restart under the
 * same id, such as a StatefulSet's {@code node-0}) releases the records of its earlier life at
 * once; a node that leaves releases the records of the runs it still has in flight.
 *
 * <p>Thread-safe.
 */
final class JdbcCluster {

  private static final System.Logger LOG = System.getLogger(JdbcCluster.class.getName());

  private final DataSource dataSource;
  private final JdbcSql sql;
  private final JdbcDialect dialect;
  private final ClusterSettings settings;
  private final JobStoreContext context;
  private final String description;
  private final RunRecords runs;
  private final AtomicBoolean flushQueued = new AtomicBoolean();
  private final PostgresChangeListener changes;
  private volatile ScheduledExecutorService heartbeats;
  private volatile ExecutorService reports;

  private final HeartbeatWindow window;

  JdbcCluster(
      DataSource dataSource,
      JdbcSql sql,
      JdbcDialect dialect,
      ClusterSettings settings,
      JobStoreContext context,
      String description,
      JdbcRunHistory history) {
    this.dataSource = dataSource;
    this.sql = sql;
    this.dialect = dialect;
    this.settings = settings;
    this.context = context;
    this.description = description;
    this.window = new HeartbeatWindow(settings, description, "the database's");
    this.runs =
        new RunRecords(
            dataSource,
            sql,
            dialect,
            settings.nodeId(),
            context,
            description,
            history,
            new LostRunRerunner(sql, new JobDocuments(context, description), context));
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

  /** This node's run records. */
  RunRecords runs() {
    return runs;
  }

  /** How far the database's clock is ahead of the scheduler's, as of the last heartbeat. */
  Duration clockOffset() {
    return window.clockOffset();
  }

  /** Whether that is more than the node's {@code max-clock-skew}. */
  boolean clockSkewed() {
    return window.clockSkewed();
  }

  /**
   * Registers this node (releasing what an earlier life under the same id left recorded) and starts
   * heartbeating.
   */
  synchronized void start() {
    reports = Executors.newSingleThreadExecutor(daemon("apscheduler-cluster-reports-"));
    runs.checkKeptJobColumn();
    heartbeat(true);
    heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("apscheduler-heartbeat-"));
    long period = settings.heartbeatInterval().toMillis();
    heartbeats.scheduleWithFixedDelay(
        this::heartbeatQuietly, period, period, TimeUnit.MILLISECONDS);
    if (changes != null) {
      changes.start(settings.nodeId());
    }
    LOG.log(Level.INFO, description + ": cluster node '" + settings.nodeId() + "' joined");
  }

  /**
   * Stops heartbeating and leaves the cluster: deletes the records of finished runs, releases (and
   * reports as lost) those of runs still in flight, and deletes this node's row.
   */
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
    List<JobEvent> lost = new ArrayList<>();
    try {
      runs.inTransaction(
          c -> {
            lost.addAll(
                runs.releaseNode(
                    c, settings.nodeId(), "which left the cluster while the run was going on"));
            try (PreparedStatement ps = c.prepareStatement(sql.deleteNode())) {
              ps.setString(1, settings.nodeId());
              return ps.executeUpdate();
            }
          });
    } catch (SQLException | RuntimeException e) {
      LOG.log(
          Level.WARNING,
          description
              + ": leaving the cluster cleanly failed; the other nodes will release this node's"
              + " runs once its heartbeat is "
              + settings.deadAfter()
              + " old: "
              + e);
    }
    reports.shutdown();
    lost.forEach(context.events()::onEvent);
  }

  /** Remembers a finished run and has its record deleted soon, batched with others. */
  void runFinished(String jobId, Instant fireTime) {
    runs.finished(new RunRecords.Run(jobId, fireTime));
    ScheduledExecutorService executor = heartbeats;
    if (executor != null && flushQueued.compareAndSet(false, true)) {
      try {
        executor.execute(this::flushQuietly);
      } catch (RejectedExecutionException stopping) {
        flushQueued.set(false);
      }
    }
  }

  private void flushQuietly() {
    flushQueued.set(false);
    try {
      runs.inTransaction(c -> null);
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.DEBUG, description + ": recording finished runs failed, will retry: " + e);
    }
  }

  private void heartbeatQuietly() {
    window.runScheduled(() -> heartbeat(false));
  }

  /**
   * Writes this node's heartbeat, the finished runs, measures the clock offset and (when this node
   * has heartbeaten long enough itself) reaps dead nodes, in one transaction.
   *
   * @param first whether this is the node's first heartbeat since it started
   * @throws JobStoreException if the database cannot be reached
   */
  private void heartbeat(boolean first) {
    long begun = System.nanoTime();
    boolean mayReap = window.mayReap(begun);
    List<JobEvent> lost = new ArrayList<>();
    try {
      runs.inTransaction(
          c -> {
            measureClock(c);
            boolean known = beat(c);
            if (first && known) {
              lost.addAll(
                  runs.releaseNode(
                      c,
                      settings.nodeId(),
                      "in an earlier life of this node (it stopped without leaving the cluster and"
                          + " was restarted under the same id)"));
            }
            if (mayReap) {
              reap(c, lost);
            }
            return null;
          });
    } catch (SQLException e) {
      window.failed();
      throw new JobStoreException(
          description + ": heartbeat of node '" + settings.nodeId() + "' failed: " + e, e);
    } catch (RuntimeException | Error e) {
      window.failed();
      throw e;
    }
    window.succeeded(begun);
    report(lost);
  }

  /** Hands lost runs to the listeners on the reporting thread, never the heartbeat's. */
  private void report(List<JobEvent> lost) {
    if (lost.isEmpty()) {
      return;
    }
    if (lost.stream().anyMatch(event -> event.nextRetryTime().isPresent())) {
      context.wakeUp().run();
    }
    ExecutorService executor = reports;
    try {
      executor.execute(() -> lost.forEach(context.events()::onEvent));
    } catch (RejectedExecutionException stopping) {
      lost.forEach(context.events()::onEvent);
    }
  }

  /** Reads the database's clock for the {@link HeartbeatWindow}. */
  private void measureClock(Connection c) throws SQLException {
    Instant before = context.clock().instant();
    long databaseMicros;
    try (PreparedStatement ps = c.prepareStatement(sql.selectNow(dialect));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      databaseMicros = rs.getLong(1);
    }
    window.clockRead(before, context.clock().instant(), JobCodec.fromEpochMicros(databaseMicros));
  }

  /**
   * Writes this node's heartbeat.
   *
   * @return whether the node's row was there already
   */
  private boolean beat(Connection c) throws SQLException {
    try (PreparedStatement update = c.prepareStatement(sql.updateHeartbeat(dialect))) {
      update.setString(1, settings.nodeId());
      if (update.executeUpdate() == 1) {
        return true;
      }
    }
    try (PreparedStatement insert = c.prepareStatement(sql.insertNode(dialect))) {
      insert.setString(1, settings.nodeId());
      insert.executeUpdate();
    }
    return false;
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
      lost.addAll(runs.releaseNode(c, node, "which stopped heartbeating"));
      try (PreparedStatement ps = c.prepareStatement(sql.deleteNode())) {
        ps.setString(1, node);
        ps.executeUpdate();
      }
      LOG.log(
          Level.WARNING,
          description
              + ": node '"
              + node
              + "' stopped heartbeating; removed it from the cluster, its jobs continue on the"
              + " others");
    }
    lost.addAll(runs.releaseOrphans(c, deadAfterMicros));
  }

  private ThreadFactory daemon(String prefix) {
    return run -> {
      Thread thread = new Thread(run, prefix + settings.nodeId());
      thread.setDaemon(true);
      return thread;
    };
  }
}
