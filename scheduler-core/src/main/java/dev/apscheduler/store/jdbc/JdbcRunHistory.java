package dev.apscheduler.store.jdbc;

import dev.apscheduler.history.RunHistoryQuery;
import dev.apscheduler.history.RunHistoryStore;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.history.RunRetention;
import dev.apscheduler.store.JobCodec;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The run history of a {@link JdbcJobStore}: the table {@code <table>_runs}, one row per ended run
 * (times in UTC epoch microseconds). A batch of records is written with one batched insert in one
 * transaction; in cluster mode that is the transaction that also deletes this node's finished runs
 * from {@code <table>_running}, and the rows carry the node's id. The purge deletes rows older than
 * the retention's age with one bounded statement per dialect and trims the jobs with too many rows
 * (in a cluster the scheduler has only the node with the smallest id purge). If the table is
 * missing (a schema managed by hand that lacks it), the history is off with a warning rather than
 * failing the store.
 *
 * <p>Thread-safe.
 */
final class JdbcRunHistory implements RunHistoryStore {

  private static final System.Logger LOG = System.getLogger(JdbcRunHistory.class.getName());

  private static final String COLUMNS =
      "job_id, fire_time, node_id, started, ended, outcome, attempt, exception_class,"
          + " exception_message, stack_trace";

  /** The most jobs whose surplus rows one purge trims. */
  private static final int TRIMMED_JOBS_PER_PURGE = 100;

  private final JobTable jobTable;
  private final String runs;
  private volatile JdbcDialect dialect;
  private volatile boolean available;

  JdbcRunHistory(JobTable jobTable) {
    this.jobTable = jobTable;
    this.runs = jobTable.sql().table() + "_runs";
  }

  /** Checks on the store's start that the table is there; without it the history is off. */
  void start(Connection c, JdbcDialect detected, String description) {
    dialect = detected;
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT " + COLUMNS + " FROM " + runs + " WHERE 1 = 0").close();
      available = true;
    } catch (SQLException e) {
      available = false;
      LOG.log(
          Level.WARNING,
          description
              + ": run history is off, the table "
              + runs
              + " cannot be read ("
              + e.getMessage()
              + "); create it with "
              + detected.schemaResource());
      try {
        JdbcTransactions.commitIfManual(c);
      } catch (SQLException ignored) {
        // a failed probe may leave a transaction to end; the connection is closed next anyway
      }
    }
  }

  /** Inserts records in the caller's transaction, when the table is there. */
  void insert(Connection c, List<RunRecord> records) throws SQLException {
    if (!available || records.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO " + runs + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (RunRecord r : records) {
        ps.setString(1, r.jobId());
        ps.setLong(2, JobCodec.toEpochMicros(r.fireTime()));
        ps.setString(3, r.node());
        setMicros(ps, 4, r.start());
        ps.setLong(5, JobCodec.toEpochMicros(r.end()));
        ps.setString(6, r.outcome().name());
        ps.setInt(7, r.attempt());
        ps.setString(8, r.exceptionClass());
        ps.setString(9, r.exceptionMessage());
        ps.setString(10, r.stackTrace());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public void record(List<RunRecord> records, RunRetention retention) {
    if (!available || records.isEmpty()) {
      return;
    }
    JdbcCluster cluster = jobTable.cluster();
    try {
      if (cluster == null) {
        JdbcTransactions.inTransaction(jobTable.dataSource(), c -> doInsert(c, records));
      } else {
        List<RunRecord> onNode = new ArrayList<>(records.size());
        for (RunRecord r : records) {
          onNode.add(r.node() == null ? r.withNode(cluster.nodeId()) : r);
        }
        cluster.runs().inTransaction(c -> doInsert(c, onNode));
      }
    } catch (SQLException e) {
      throw jobTable.failure("record run history", e);
    }
  }

  private Void doInsert(Connection c, List<RunRecord> records) throws SQLException {
    insert(c, records);
    return null;
  }

  @Override
  public List<RunRecord> find(RunHistoryQuery query) {
    if (!available) {
      return List.of();
    }
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM ").append(runs);
    sql.append(" WHERE job_id = ?");
    if (!query.outcomes().isEmpty()) {
      sql.append(" AND outcome IN (")
          .append(String.join(", ", Collections.nCopies(query.outcomes().size(), "?")))
          .append(")");
    }
    if (query.from() != null) {
      sql.append(" AND ended >= ?");
    }
    if (query.to() != null) {
      sql.append(" AND ended < ?");
    }
    sql.append(" ORDER BY ended DESC, fire_time DESC LIMIT ").append(query.limit());
    try (Connection c = jobTable.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 1;
      ps.setString(i++, query.jobId());
      for (RunOutcome outcome : query.outcomes()) {
        ps.setString(i++, outcome.name());
      }
      if (query.from() != null) {
        ps.setLong(i++, JobCodec.toEpochMicros(query.from()));
      }
      if (query.to() != null) {
        ps.setLong(i, JobCodec.toEpochMicros(query.to()));
      }
      List<RunRecord> found = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(read(rs));
        }
      }
      return found;
    } catch (SQLException e) {
      throw jobTable.failure("read the run history of job '" + query.jobId() + "'", e);
    }
  }

  @Override
  public int purge(RunRetention retention, Instant now, int limit) {
    if (!available) {
      return 0;
    }
    JdbcCluster cluster = jobTable.cluster();
    try {
      JdbcTransactions.Work<Integer> work =
          c -> deleteOld(c, retention, now, limit) + trim(c, retention, limit);
      return cluster == null
          ? JdbcTransactions.inTransaction(jobTable.dataSource(), work)
          : cluster.runs().inTransaction(work);
    } catch (SQLException e) {
      throw jobTable.failure("purge the run history", e);
    }
  }

  private int deleteOld(Connection c, RunRetention retention, Instant now, int limit)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(dialect.deleteEndedBefore(runs, limit))) {
      ps.setLong(1, JobCodec.toEpochMicros(now.minus(retention.maxAge())));
      return ps.executeUpdate();
    }
  }

  /**
   * Deletes the rows of up to {@link #TRIMMED_JOBS_PER_PURGE} jobs that have more than the
   * retention's count, oldest first, down to that count.
   */
  private int trim(Connection c, RunRetention retention, int limit) throws SQLException {
    List<String> jobs = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT job_id FROM "
                + runs
                + " GROUP BY job_id HAVING COUNT(*) > ? LIMIT "
                + Math.min(limit, TRIMMED_JOBS_PER_PURGE))) {
      ps.setInt(1, retention.maxRunsPerJob());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          jobs.add(rs.getString(1));
        }
      }
    }
    int deleted = 0;
    for (String jobId : jobs) {
      long[] oldestKept = oldestKept(c, jobId, retention.maxRunsPerJob());
      if (oldestKept == null) {
        continue;
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "DELETE FROM "
                  + runs
                  + " WHERE job_id = ? AND (ended < ? OR (ended = ? AND fire_time < ?))")) {
        ps.setString(1, jobId);
        ps.setLong(2, oldestKept[0]);
        ps.setLong(3, oldestKept[0]);
        ps.setLong(4, oldestKept[1]);
        deleted += ps.executeUpdate();
      }
    }
    return deleted;
  }

  /** The end and fire time of the {@code keep}-th newest row of a job, or {@code null}. */
  private long[] oldestKept(Connection c, String jobId, int keep) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT ended, fire_time FROM "
                + runs
                + " WHERE job_id = ? ORDER BY ended DESC, fire_time DESC LIMIT 1 OFFSET "
                + (keep - 1))) {
      ps.setString(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : null;
      }
    }
  }

  private static RunRecord read(ResultSet rs) throws SQLException {
    long started = rs.getLong(4);
    Instant start = rs.wasNull() ? null : JobCodec.fromEpochMicros(started);
    return new RunRecord(
        rs.getString(1),
        JobCodec.fromEpochMicros(rs.getLong(2)),
        rs.getString(3),
        start,
        JobCodec.fromEpochMicros(rs.getLong(5)),
        RunOutcome.valueOf(rs.getString(6)),
        rs.getInt(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10));
  }

  private static void setMicros(PreparedStatement ps, int index, Instant time) throws SQLException {
    if (time == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, JobCodec.toEpochMicros(time));
    }
  }
}
