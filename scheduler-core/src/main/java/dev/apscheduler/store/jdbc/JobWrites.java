package dev.apscheduler.store.jdbc;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.JobNotFoundException;
import dev.apscheduler.store.DueJobProcessor;
import dev.apscheduler.store.JobDocuments;
import dev.apscheduler.store.JobStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The writes of a {@link JdbcJobStore}: each runs on a connection of its own, and those of several
 * statements in one transaction, so that a failure leaves the table as it was. Documents are
 * written before the database is touched, so a job that cannot be stored changes nothing.
 *
 * <p>Thread-safe.
 */
final class JobWrites {

  private static final int MAX_ID_LENGTH = JdbcJobStore.MAX_ID_LENGTH;

  /** How many rows one batched statement writes, and one lookup of taken ids asks for. */
  private static final int BATCH_SIZE = 1_000;

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

  /**
   * Adds the jobs in one transaction, with batched inserts, all or none; announces them to the
   * cluster once.
   *
   * @throws ConflictingIdException naming an id repeated in {@code jobs} or already stored
   */
  void addAll(JobDocuments docs, List<Job> jobs) {
    Set<String> ids = new HashSet<>();
    List<String> documents = new ArrayList<>(jobs.size());
    for (Job job : jobs) {
      requireIdLength(job.id());
      if (!ids.add(job.id())) {
        throw new ConflictingIdException(job.id());
      }
      documents.add(docs.write(job));
    }
    if (jobs.isEmpty()) {
      return;
    }
    try {
      JdbcTransactions.inTransaction(
          table.dataSource(),
          c -> {
            try (PreparedStatement ps = c.prepareStatement(table.sql().insertJob())) {
              for (int i = 0; i < jobs.size(); i++) {
                JobRows.bindInsert(ps, jobs.get(i), documents.get(i));
                ps.addBatch();
                if ((i + 1) % BATCH_SIZE == 0 || i + 1 == jobs.size()) {
                  ps.executeBatch();
                }
              }
            }
            table.announceChange(c);
            return null;
          });
    } catch (SQLException e) {
      if (isIntegrityViolation(e)) {
        throw new ConflictingIdException(firstStoredId(jobs, e));
      }
      throw table.failure("add " + jobs.size() + " jobs", e);
    }
  }

  /**
   * The first of {@code jobs} whose id is stored, after an insert of them failed on a constraint.
   *
   * @throws dev.apscheduler.JobStoreException with {@code cause} if none is (the row that was in
   *     the way has gone since) or the lookup fails
   */
  private String firstStoredId(List<Job> jobs, SQLException cause) {
    Set<String> stored = new HashSet<>();
    try (Connection c = table.dataSource().getConnection()) {
      for (int from = 0; from < jobs.size(); from += BATCH_SIZE) {
        List<Job> chunk = jobs.subList(from, Math.min(jobs.size(), from + BATCH_SIZE));
        try (PreparedStatement ps = c.prepareStatement(table.sql().selectStoredIds(chunk.size()))) {
          for (int i = 0; i < chunk.size(); i++) {
            ps.setString(i + 1, chunk.get(i).id());
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              stored.add(rs.getString(1));
            }
          }
        }
      }
      JdbcTransactions.commitIfManual(c);
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
    return jobs.stream()
        .map(Job::id)
        .filter(stored::contains)
        .findFirst()
        .orElseThrow(() -> table.failure("add " + jobs.size() + " jobs", cause));
  }

  /**
   * Stores the job in place of the one of the same id, if any: delete and insert in one
   * transaction, so a failure leaves the old job.
   */
  void replace(JobDocuments docs, Job job) {
    requireIdLength(job.id());
    String json = docs.write(job);
    try {
      JdbcTransactions.inTransaction(
          table.dataSource(),
          c -> {
            try (PreparedStatement delete = c.prepareStatement(table.sql().deleteJob())) {
              delete.setString(1, job.id());
              delete.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement(table.sql().insertJob())) {
              JobRows.bindInsert(insert, job, json);
              insert.executeUpdate();
            }
            table.announceChange(c);
            return null;
          });
    } catch (SQLException e) {
      if (isIntegrityViolation(e)) {
        // Another writer added the id between the delete and the insert.
        throw new ConflictingIdException(job.id());
      }
      throw table.failure("replace job '" + job.id() + "'", e);
    }
    docs.forget(job.id());
  }

  /**
   * Writes {@code updated} if the stored row still has the schedule of {@code expected}: locks the
   * row, reads it back, compares, writes, in one transaction. Decoding the row, rather than
   * comparing document text, keeps this right for documents another mapper wrote.
   *
   * @return whether it wrote; {@code false} if the row is gone or its schedule changed
   */
  boolean updateIfUnchanged(JobDocuments docs, Job expected, Job updated) {
    if (!expected.id().equals(updated.id())) {
      throw new IllegalArgumentException(
          "updated: must be job '"
              + expected.id()
              + "' as expected is, got '"
              + updated.id()
              + "'");
    }
    String json = docs.write(updated);
    boolean written;
    try {
      written =
          JdbcTransactions.inTransaction(
              table.dataSource(),
              c -> {
                Job current;
                try (PreparedStatement select =
                    c.prepareStatement(table.sql().selectJobForUpdate())) {
                  select.setString(1, expected.id());
                  try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                      return false;
                    }
                    current = JobRows.readOrThrow(rs, docs);
                  }
                }
                if (!JobStore.sameSchedule(current, expected)) {
                  return false;
                }
                try (PreparedStatement update = c.prepareStatement(table.sql().updateJob())) {
                  JobRows.bindUpdate(update, updated, json);
                  update.executeUpdate();
                }
                table.announceChange(c);
                return true;
              });
    } catch (SQLException e) {
      throw table.failure("update job '" + expected.id() + "'", e);
    }
    if (written) {
      docs.forget(updated.id());
    }
    return written;
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
    JdbcCluster cluster = table.cluster();
    RunRecords records = cluster == null ? null : cluster.runs();
    LockedDuePass pass = new LockedDuePass(table.sql(), docs, records);
    LockedDuePass.Result result;
    try {
      result =
          records == null
              ? JdbcTransactions.inTransaction(
                  table.dataSource(), c -> pass.run(c, now, limit, processor))
              : records.inTransaction(c -> pass.run(c, now, limit, processor));
    } catch (SQLException e) {
      throw table.failure("process due jobs", e);
    }
    result.removed().forEach(docs::forget);
    return result.processed();
  }

  /**
   * Whether the failure is an integrity constraint violation (SQLState class 23): a taken id. A
   * batch failure may carry the state on its next exception or cause rather than itself.
   */
  static boolean isIntegrityViolation(Throwable failure) {
    if (failure instanceof SQLException e) {
      String state = e.getSQLState();
      if (state != null && state.startsWith("23") || isIntegrityViolation(e.getNextException())) {
        return true;
      }
    }
    return failure != null && isIntegrityViolation(failure.getCause());
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
