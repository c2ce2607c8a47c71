package dev.apscheduler.store.jdbc;

import java.util.Collections;

/**
 * The SQL text of a {@link JdbcJobStore}: the statements on its job table and, in cluster mode, on
 * the two tables beside it ({@code <table>_nodes}, {@code <table>_running}). They are the same SQL
 * on every supported database but for the database's clock, which the statements that read it take
 * from the {@link JdbcDialect}; the tables themselves are created by {@link JdbcSchema}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param table the job table, qualified by its schema if one was given
 */
record JdbcSql(String table) {

  private static final String COLUMNS = "id, next_run_time, document";

  // ---------------------------------------------------------------- the job table
  // Queries that read jobs select COLUMNS: the id, the next run time and the document, in order.

  /** Inserts a job: id, name, next run time, format version, document. */
  String insertJob() {
    return "INSERT INTO "
        + table
        + " (id, name, next_run_time, format_version, document) VALUES (?, ?, ?, ?, ?)";
  }

  /** Updates a job: name, next run time, format version, document; then the id. */
  String updateJob() {
    return "UPDATE "
        + table
        + " SET name = ?, next_run_time = ?, format_version = ?, document = ? WHERE id = ?";
  }

  String deleteJob() {
    return "DELETE FROM " + table + " WHERE id = ?";
  }

  String deleteAllJobs() {
    return "DELETE FROM " + table;
  }

  String selectJob() {
    return "SELECT " + COLUMNS + " FROM " + table + " WHERE id = ?";
  }

  /** {@link #selectJob()}, locking the row until the transaction ends. */
  String selectJobForUpdate() {
    return selectJob() + " FOR UPDATE";
  }

  /** The due jobs: parameters the time (epoch microseconds) and the number of rows. */
  String selectDueJobs() {
    return "SELECT "
        + COLUMNS
        + " FROM "
        + table
        + " WHERE next_run_time <= ? ORDER BY next_run_time, id LIMIT ?";
  }

  /** {@link #selectDueJobs()}, locking the rows and skipping those another transaction locked. */
  String lockDueJobs() {
    return selectDueJobs() + " FOR UPDATE SKIP LOCKED";
  }

  /** Ids and next run times of the scheduled jobs, earliest first: parameter the number of rows. */
  String selectNextRunTimes() {
    return "SELECT id, next_run_time FROM "
        + table
        + " WHERE next_run_time IS NOT NULL ORDER BY next_run_time, id LIMIT ?";
  }

  /** Every job, by next run time, paused ones last. */
  String selectAllJobs() {
    return "SELECT "
        + COLUMNS
        + " FROM "
        + table
        + " ORDER BY CASE WHEN next_run_time IS NULL THEN 1 ELSE 0 END, next_run_time, id";
  }

  /** One page of {@link #selectAllJobs()}: parameters the number of rows and the rows skipped. */
  String selectJobPage() {
    return selectAllJobs() + " LIMIT ? OFFSET ?";
  }

  /** Which of {@code count} ids given as parameters are stored. */
  String selectStoredIds(int count) {
    return "SELECT id FROM " + table + " WHERE id IN (" + placeholders(count) + ")";
  }

  String countJobs() {
    return "SELECT COUNT(*) FROM " + table;
  }

  /** Reads no row, but fails if the table is missing or lacks a column. */
  String probeJobTable() {
    return "SELECT " + COLUMNS + " FROM " + table + " WHERE 1 = 0";
  }

  // ---------------------------------------------------------------- the cluster tables

  private String nodes() {
    return table + "_nodes";
  }

  private String running() {
    return table + "_running";
  }

  /** Every node with its last heartbeat (epoch microseconds, database time). */
  String selectNodes() {
    return "SELECT node_id, heartbeat FROM " + nodes() + " ORDER BY node_id";
  }

  String updateHeartbeat(JdbcDialect dialect) {
    return "UPDATE " + nodes() + " SET heartbeat = " + dialect.nowMicros() + " WHERE node_id = ?";
  }

  String insertNode(JdbcDialect dialect) {
    return "INSERT INTO "
        + nodes()
        + " (node_id, heartbeat) VALUES (?, "
        + dialect.nowMicros()
        + ")";
  }

  String deleteNode() {
    return "DELETE FROM " + nodes() + " WHERE node_id = ?";
  }

  /**
   * Locks the other nodes whose heartbeat is older than a number of microseconds: parameters that
   * age and this node's id.
   */
  String lockDeadNodes(JdbcDialect dialect) {
    return "SELECT node_id FROM "
        + nodes()
        + " WHERE heartbeat < "
        + dialect.nowMicros()
        + " - ? AND node_id <> ? FOR UPDATE SKIP LOCKED";
  }

  /**
   * Records a run in flight: job id, fire time, node id, and (if {@code withJob}) the job document
   * the record keeps ({@link RunRecords}); started now (database time).
   */
  String insertRun(JdbcDialect dialect, boolean withJob) {
    return "INSERT INTO "
        + running()
        + (withJob
            ? " (job_id, fire_time, node_id, " + KEPT_JOB + ", started) VALUES (?, ?, ?, ?, "
            : " (job_id, fire_time, node_id, started) VALUES (?, ?, ?, ")
        + dialect.nowMicros()
        + ")";
  }

  /** The column of {@code <table>_running} that keeps the job a lost run adds back. */
  static final String KEPT_JOB = "job_document";

  /** Reads no row, but fails if {@code <table>_running} lacks the column {@link #KEPT_JOB}. */
  String probeKeptJob() {
    return "SELECT " + KEPT_JOB + " FROM " + running() + " WHERE 1 = 0";
  }

  /** Deletes the record of a run: job id, fire time, node id. */
  String deleteRun() {
    return "DELETE FROM " + running() + " WHERE job_id = ? AND fire_time = ? AND node_id = ?";
  }

  /** How many runs of each of {@code count} job ids given as parameters are in flight. */
  String countRuns(int count) {
    return "SELECT job_id, COUNT(*) FROM "
        + running()
        + " WHERE job_id IN ("
        + placeholders(count)
        + ") GROUP BY job_id";
  }

  /**
   * The runs in flight on a node: job id, fire time, started, kept job document (always {@code
   * NULL} unless {@code withJob}).
   */
  String selectRunsOfNode(boolean withJob) {
    return "SELECT job_id, fire_time, started, "
        + keptJob(withJob)
        + " FROM "
        + running()
        + " WHERE node_id = ?";
  }

  String deleteRunsOfNode() {
    return "DELETE FROM " + running() + " WHERE node_id = ?";
  }

  /**
   * The runs recorded by nodes that are no longer listed and that started more than a number of
   * microseconds ago (a parameter): job id, fire time, started, kept job document (as {@link
   * #selectRunsOfNode}), node id.
   */
  String selectOrphanRuns(JdbcDialect dialect, boolean withJob) {
    return "SELECT job_id, fire_time, started, "
        + keptJob(withJob)
        + ", node_id FROM "
        + running()
        + " r WHERE started < "
        + dialect.nowMicros()
        + " - ? AND NOT EXISTS (SELECT 1 FROM "
        + nodes()
        + " n WHERE n.node_id = r.node_id)";
  }

  /** The database's current time in UTC epoch microseconds. */
  String selectNow(JdbcDialect dialect) {
    return "SELECT " + dialect.nowMicros();
  }

  private static String keptJob(boolean withJob) {
    return withJob ? KEPT_JOB : "NULL";
  }

  private static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }
}
