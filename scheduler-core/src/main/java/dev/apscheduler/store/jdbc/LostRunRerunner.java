package dev.apscheduler.store.jdbc;

import dev.apscheduler.Job;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.store.JobDocuments;
import dev.apscheduler.store.JobStoreContext;
import dev.apscheduler.store.LostRunReruns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gives the lost runs of jobs that opt into {@code RERUN} their rerun ({@link LostRunReruns}) in
 * the transaction that reaps them: the job's row is locked, read, and written with the pending
 * retry, so the reap and the rerun commit or roll back together. A job the table no longer holds is
 * inserted again from the run's record, if the record kept it; if a job of the same id is inserted
 * meanwhile, that job stays as it is and the run is reported only.
 *
 * <p>Thread-safe: stateless but for its collaborators; the caller's connection is used by one
 * thread.
 */
final class LostRunRerunner {

  private final JdbcSql sql;
  private final JobDocuments documents;
  private final JobStoreContext context;

  LostRunRerunner(JdbcSql sql, JobDocuments documents, JobStoreContext context) {
    this.sql = sql;
    this.documents = documents;
    this.context = context;
  }

  /** The job a running record kept ({@link LostRunReruns#keptJob}), or {@code null}. */
  Job keptJob(String jobId, String document) {
    return LostRunReruns.keptJob(documents, jobId, document);
  }

  /**
   * Stores the rerun of each lost run whose job reruns lost runs, in the caller's transaction.
   *
   * @return the events of {@code lost}, those with a rerun saying when it is due
   */
  List<JobEvent> rerun(Connection c, List<LostRunReruns.LostRun> lost) throws SQLException {
    List<JobEvent> reported = new ArrayList<>(lost.size());
    for (LostRunReruns.LostRun run : lost) {
      JobEvent event = run.event();
      Instant dueAt = context.clock().instant();
      Instant fireTime = event.scheduledRunTime().toInstant();
      Optional<Job> stored = read(c, event.jobId());
      boolean rerun;
      if (stored.isPresent()) {
        Optional<Job> rerunning = LostRunReruns.rerun(stored.get(), fireTime, dueAt);
        if (rerunning.isPresent()) {
          update(c, rerunning.get());
        }
        rerun = rerunning.isPresent();
      } else {
        Optional<Job> back =
            Optional.ofNullable(run.finishedJob())
                .flatMap(job -> LostRunReruns.rerun(job, fireTime, dueAt));
        rerun = back.isPresent() && insertIfAbsent(c, back.get());
      }
      reported.add(rerun ? LostRunReruns.announcing(event, dueAt) : event);
    }
    return reported;
  }

  private void update(Connection c, Job job) throws SQLException {
    try (PreparedStatement update = c.prepareStatement(sql.updateJob())) {
      JobRows.bindUpdate(update, job, documents.write(job));
      update.executeUpdate();
    }
  }

  /**
   * Inserts {@code job} unless its id is taken (by a job added since the row was read), within a
   * savepoint so that a refused insert leaves the caller's transaction going.
   *
   * @return whether it was inserted
   */
  private boolean insertIfAbsent(Connection c, Job job) throws SQLException {
    Savepoint before = c.setSavepoint();
    try (PreparedStatement insert = c.prepareStatement(sql.insertJob())) {
      JobRows.bindInsert(insert, job, documents.write(job));
      insert.executeUpdate();
    } catch (SQLException e) {
      if (!JobWrites.isIntegrityViolation(e)) {
        throw e;
      }
      c.rollback(before);
      return false;
    }
    c.releaseSavepoint(before);
    return true;
  }

  private Optional<Job> read(Connection c, String jobId) throws SQLException {
    try (PreparedStatement select = c.prepareStatement(sql.selectJobForUpdate())) {
      select.setString(1, jobId);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? JobRows.read(rs, documents) : Optional.empty();
      }
    }
  }
}
