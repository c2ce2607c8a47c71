package dev.apscheduler.store.jdbc;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.JobNotFoundException;
import dev.apscheduler.store.DueJobProcessor;
import dev.apscheduler.store.JobDocuments;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * The writes of a {@link JdbcJobStore}: each runs on a connection of its own, and those of several
 * statements in one transaction, so that a failure leaves the table as it was. Documents are
 * written before the database is touched, so a job that cannot be stored changes nothing.
 *
 * <p>Thread-safe.
 */
final class JobWrites {

  private static final int MAX_ID_LENGTH = JdbcJobStore.MAX_ID_LENGTH;

  private final JobTable table;

  JobWrites(JobTable table) {
    this.table = table;
  }

  void add(JobDocuments docs, Job job) {
    requireIdLength(job.id());
    String json = docs.write(job);
    try (Connection c = table.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(table.sql().insertJob())) {
      JobRows.bindInsert(ps, job, json);
      ps.executeUpdate();
      table.announceChange(c);
      JdbcTransactions.commitIfManual(c);
    } catch (SQLException e) {
      if (isIntegrityViolation(e)) {
        throw new ConflictingIdException(job.id());
      }
      throw table.failure("add job '" + job.id() + "'", e);
    }
  }

  void update(JobDocuments docs, Job job) {
    String json = docs.write(job);
    int updated;
    try (Connection c = table.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(table.sql().updateJob())) {
      JobRows.bindUpdate(ps, job, json);
      updated = ps.executeUpdate();
      table.announceChange(c);
      JdbcTransactions.commitIfManual(c);
    } catch (SQLException e) {
      throw table.failure("update job '" + job.id() + "'", e);
    }
    if (updated == 0) {
      throw new JobNotFoundException(job.id());
    }
    docs.forget(job.id());
  }

  void remove(JobDocuments docs, String jobId) {
    int removed;
    try (Connection c = table.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(table.sql().deleteJob())) {
      ps.setString(1, jobId);
      removed = ps.executeUpdate();
      JdbcTransactions.commitIfManual(c);
    } catch (SQLException e) {
      throw table.failure("remove job '" + jobId + "'", e);
    }
    if (removed == 0) {
      throw new JobNotFoundException(jobId);
    }
    docs.forget(jobId);
  }

  void removeAll(JobDocuments docs) {
    try (Connection c = table.dataSource().getConnection();
        Statement statement = c.createStatement()) {
      statement.executeUpdate(table.sql().deleteAllJobs());
      JdbcTransactions.commitIfManual(c);
    } catch (SQLException e) {
      throw table.failure("remove all jobs", e);
    }
    docs.forgetAll();
  }

  int processDue(JobDocuments docs, Instant now, int limit, DueJobProcessor processor) {
    DuePass pass = new DuePass(table.sql(), docs, table.cluster());
    DuePass.Result result;
    try {
      result =
          JdbcTransactions.inTransaction(
              table.dataSource(), c -> pass.run(c, now, limit, processor));
    } catch (SQLException e) {
      throw table.failure("process due jobs", e);
    }
    result.removed().forEach(docs::forget);
    return result.processed();
  }

  /** Whether the failure is an integrity constraint violation (SQLState class 23): a taken id. */
  private static boolean isIntegrityViolation(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.startsWith("23");
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
}
