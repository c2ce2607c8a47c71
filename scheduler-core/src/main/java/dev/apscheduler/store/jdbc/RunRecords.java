package dev.apscheduler.store.jdbc;

import dev.apscheduler.SchedulerException;
import dev.apscheduler.event.EventType;
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
import java.time.Instant;
import java.time.ZoneOffset;
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
 * reaped, or it is this node's earlier life) are released and reported as {@code JOB_LOST}.
 *
 * <p>Thread-safe: finished runs are queued from any thread.
 */
final class RunRecords {

  private static final System.Logger LOG = System.getLogger(RunRecords.class.getName());

  /** A run in flight: its job, the fire time it stands for. */
  record Run(String jobId, Instant fireTime) {}

  private final DataSource dataSource;
  private final JdbcSql sql;
  private final JdbcDialect dialect;
  private final String nodeId;
  private final JobStoreContext context;
  private final String description;
  private final JdbcRunHistory history;
  private final LostRunRerunner reruns;
  private final ConcurrentLinkedQueue<Run> finished = new ConcurrentLinkedQueue<>();

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
    executeForEach(c, sql.deleteRun(), runs);
  }

  /** Executes {@code statement} (job id, fire time, node id) once per run, in one batch. */
  private void executeForEach(Connection c, String statement, List<Run> runs) throws SQLException {
    if (runs.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(statement)) {
      for (Run run : runs) {
        ps.setString(1, run.jobId());
        ps.setLong(2, JobCodec.toEpochMicros(run.fireTime()));
        ps.setString(3, nodeId);
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
    executeForEach(c, sql.insertRun(dialect), runs);
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
    List<JobEvent> lost = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.selectRunsOfNode())) {
      ps.setString(1, node);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          lost.add(lostRun(node, rs.getString(1), rs.getLong(2), rs.getLong(3), why));
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
  private void recordLost(Connection c, String node, List<JobEvent> lost) throws SQLException {
    List<RunRecord> records = new ArrayList<>(lost.size());
    for (JobEvent event : lost) {
      records.add(LostRunReruns.historyRecord(event, node));
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
    try (PreparedStatement ps = c.prepareStatement(sql.selectOrphanRuns(dialect))) {
      ps.setLong(1, olderThanMicros);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          orphans.add(
              new RecordedRun(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4)));
        }
      }
    }
    List<JobEvent> lost = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.deleteRun())) {
      for (RecordedRun orphan : orphans) {
        ps.setString(1, orphan.jobId());
        ps.setLong(2, orphan.fireMicros());
        ps.setString(3, orphan.node());
        if (ps.executeUpdate() == 1) {
          JobEvent event =
              lostRun(
                  orphan.node(),
                  orphan.jobId(),
                  orphan.fireMicros(),
                  orphan.startedMicros(),
                  "which is no longer in the cluster");
          lost.add(event);
          recordLost(c, orphan.node(), List.of(event));
        }
      }
    }
    return reruns.rerun(c, lost);
  }

  /** A row of the running table. */
  private record RecordedRun(String jobId, long fireMicros, long startedMicros, String node) {}

  private JobEvent lostRun(
      String node, String jobId, long fireMicros, long startedMicros, String why) {
    Instant fireTime = JobCodec.fromEpochMicros(fireMicros);
    SchedulerException problem =
        new SchedulerException(
            "Run of job '"
                + jobId
                + "' at "
                + fireTime
                + " was in flight on node '"
                + node
                + "', "
                + why
                + "; it is reported, and run again only if its job reruns lost runs");
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
