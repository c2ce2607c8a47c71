package dev.apscheduler.store.jdbc;

import dev.apscheduler.event.JobEvent;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobStoreContext;
import dev.apscheduler.store.LostRunReruns;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.sql.DataSource;

/**
 * The {@code <table>_running} records of a cluster node: one row per run in flight on some node, so
 * that {@code maxInstances} holds across nodes. A record is written in the transaction that starts
 * the run and deleted when the run ends; the deletion of finished runs is batched into this node's
 * next transaction and kept for the one after if that transaction does not commit, so a record
 * never outlives its run because of one failed commit. Records whose node is gone (it left, it was
 * reaped, or it is this node's earlier life) are released and reported as {@code JOB_LOST}. The
 * record of a run that finished a job which reruns lost runs keeps the job's document ({@link
 * LostRunReruns#documentToKeep}), so that the job is added back if the run is lost; on a table from
 * an earlier version, without that column, such a run is reported only (logged at start).
 *
 * <p>Thread-safe: finished runs are queued from any thread.
 */
final class RunRecords {

  private static final System.Logger LOG = System.getLogger(RunRecords.class.getName());

  /**
   * A run in flight: its job, the fire time it stands for, and the job document its record keeps,
   * or {@code null}.
   */
  record Run(String jobId, Instant fireTime, String keptJob) {

    Run(String jobId, Instant fireTime) {
      this(jobId, fireTime, null);
    }
  }

  private final DataSource dataSource;
  private final JdbcSql sql;
  private final JdbcDialect dialect;
  private final String nodeId;
  private final JobStoreContext context;
  private final String description;
  private final JdbcRunHistory history;
  private final LostRunRerunner reruns;
  private final ConcurrentLinkedQueue<Run> finished = new ConcurrentLinkedQueue<>();

  /** Whether the table has the column that keeps jobs ({@link #checkKeptJobColumn}). */
  private volatile boolean keepsJobs = true;

  RunRecords(
      DataSource dataSource,
      JdbcSql sql,
      JdbcDialect dialect,
      String nodeId,
      JobStoreContext context,
      String description,
      JdbcRunHistory history,
      LostRunRerunner reruns) {
    this.dataSource = dataSource;
    this.sql = sql;
    this.dialect = dialect;
    this.nodeId = nodeId;
    this.context = context;
    this.description = description;
    this.history = history;
    this.reruns = reruns;
  }

  /**
   * Checks, as the node starts, that the table has the column {@link JdbcSql#KEPT_JOB}; without it
   * (a table from an earlier version, managed by hand) the records keep no job, with a warning.
   */
  void checkKeptJobColumn() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.executeQuery(sql.probeKeptJob()).close();
      JdbcTransactions.commitIfManual(c);
      keepsJobs = true;
    } catch (SQLException e) {
      keepsJobs = false;
      LOG.log(
          Level.WARNING,
          description
              + ": the table "
              + sql.table()
              + "_running has no column "
              + JdbcSql.KEPT_JOB
              + " ("
              + e.getMessage()
              + "), so the lost last run of a job that reruns lost runs is reported, not rerun; add"
              + " it with: "
              + dialect.addKeptJobColumn(null, sql.table()));
    }
  }

  /** Remembers a finished run; its record is deleted by the next transaction that commits. */
  void finished(Run run) {
    finished.add(run);
  }

  /** Whether finished runs wait for their records to be deleted. */
  boolean hasFinished() {
    return !finished.isEmpty();
  }

  /**
   * Runs {@code work} in one transaction that also deletes the records of the runs finished so far;
   * if the transaction does not commit, those runs wait for the next one.
   */
  <T> T inTransaction(JdbcTransactions.Work<T> work) throws SQLException {
    List<Run> batch = new ArrayList<>();
    for (Run run = finished.poll(); run != null; run = finished.poll()) {
      batch.add(run);
    }
    try {
      return JdbcTransactions.inTransaction(
          dataSource,
          c -> {
            delete(c, batch);
            return work.run(c);
          });
    } catch (SQLException | RuntimeException | Error e) {
      finished.addAll(batch);
      throw e;
    }
  }

  private void delete(Connection c, List<Run> runs) throws SQLException {
    executeForEach(c, sql.deleteRun(), runs, false);
  }

  /**
   * Executes {@code statement} (job id, fire time, node id, and the kept job if {@code withJob})
   * once per run, in one batch.
   */
  private void executeForEach(Connection c, String statement, List<Run> runs, boolean withJob)
      throws SQLException {
    if (runs.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(statement)) {
      for (Run run : runs) {
        ps.setString(1, run.jobId());
        ps.setLong(2, JobCodec.toEpochMicros(run.fireTime()));
        ps.setString(3, nodeId);
        if (withJob) {
          ps.setString(4, run.keptJob());
        }
        ps.addBatch();
      }
      ps.executeBatch();
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
    boolean withJob = keepsJobs;
    executeForEach(c, sql.insertRun(dialect, withJob), runs, withJob);
  }

  /**
   * Records a run started outside the due pass (run-now) if fewer than {@code maxInstances} runs of
   * the job are in flight on all nodes, in one transaction that locks the job's row.
   *
   * @return whether the run was recorded (and may start)
   */
  boolean tryStart(Run run, int maxInstances) throws SQLException {
    return inTransaction(
        c -> {
          try (PreparedStatement lock = c.prepareStatement(sql.selectJobForUpdate())) {
            lock.setString(1, run.jobId());
            lock.executeQuery().close();
          }
          if (runningCounts(c, List.of(run.jobId())).getOrDefault(run.jobId(), 0) >= maxInstances) {
            return false;
          }
          recordStarted(c, List.of(run));
          return true;
        });
  }

  /**
   * Deletes every record of a node and returns a {@code JOB_LOST} event for each, in the caller's
   * transaction; a job that reruns lost runs gets its rerun in the same transaction ({@link
   * LostRunRerunner}).
   *
   * @param why why the node's runs are lost, for the log and the events
   */
  List<JobEvent> releaseNode(Connection c, String node, String why) throws SQLException {
    List<LostRunReruns.LostRun> lost = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.selectRunsOfNode(keepsJobs))) {
      ps.setString(1, node);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          lost.add(
              lostRun(node, rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), why));
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(sql.deleteRunsOfNode())) {
      ps.setString(1, node);
      ps.executeUpdate();
    }
    recordLost(c, node, lost);
    return reruns.rerun(c, lost);
  }

  /** Writes a run history record of each lost run of {@code node}, in the caller's transaction. */
  private void recordLost(Connection c, String node, List<LostRunReruns.LostRun> lost)
      throws SQLException {
    List<RunRecord> records = new ArrayList<>(lost.size());
    for (LostRunReruns.LostRun run : lost) {
      records.add(LostRunReruns.historyRecord(run.event(), node));
    }
    history.insert(c, records);
  }

  /**
   * Deletes the records of nodes no longer listed that started more than {@code olderThanMicros}
   * ago (a node that left without them, say after a failed commit) and returns a {@code JOB_LOST}
   * event for each record this transaction deleted, in the caller's transaction.
   */
  List<JobEvent> releaseOrphans(Connection c, long olderThanMicros) throws SQLException {
    List<RecordedRun> orphans = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.selectOrphanRuns(dialect, keepsJobs))) {
      ps.setLong(1, olderThanMicros);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          orphans.add(
              new RecordedRun(
                  rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5)));
        }
      }
    }
    List<LostRunReruns.LostRun> lost = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.deleteRun())) {
      for (RecordedRun orphan : orphans) {
        ps.setString(1, orphan.jobId());
        ps.setLong(2, orphan.fireMicros());
        ps.setString(3, orphan.node());
        if (ps.executeUpdate() == 1) {
          LostRunReruns.LostRun run =
              lostRun(
                  orphan.node(),
                  orphan.jobId(),
                  orphan.fireMicros(),
                  orphan.startedMicros(),
                  orphan.keptJob(),
                  "which is no longer in the cluster");
          lost.add(run);
          recordLost(c, orphan.node(), List.of(run));
        }
      }
    }
    return reruns.rerun(c, lost);
  }

  /** A row of the running table. */
  private record RecordedRun(
      String jobId, long fireMicros, long startedMicros, String keptJob, String node) {}

  private LostRunReruns.LostRun lostRun(
      String node, String jobId, long fireMicros, long startedMicros, String keptJob, String why) {
    return new LostRunReruns.LostRun(
        LostRunReruns.lostEvent(context, description, node, jobId, fireMicros, startedMicros, why),
        reruns.keptJob(jobId, keptJob));
  }
}
