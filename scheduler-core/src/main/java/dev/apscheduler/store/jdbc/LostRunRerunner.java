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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gives the lost runs of jobs that opt into {@code RERUN} their rerun ({@link LostRunReruns}) in
 * the transaction that reaps them: the job's row is locked, read, and written with the pending
 * retry, so the reap and the rerun commit or roll back together.
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

  /**
   * Stores the rerun of each lost run whose job reruns lost runs, in the caller's transaction.
   *
   * @return the events of {@code lost}, those with a rerun saying when it is due
   */
  List<JobEvent> rerun(Connection c, List<JobEvent> lost) throws SQLException {
    List<JobEvent> reported = new ArrayList<>(lost.size());
    for (JobEvent event : lost) {
      Instant dueAt = context.clock().instant();
      Optional<Job> rerun =
          read(c, event.jobId())
              .flatMap(
                  job -> LostRunReruns.rerun(job, event.scheduledRunTime().toInstant(), dueAt));
      if (rerun.isEmpty()) {
        reported.add(event);
        continue;
      }
      try (PreparedStatement update = c.prepareStatement(sql.updateJob())) {
        JobRows.bindUpdate(update, rerun.get(), documents.write(rerun.get()));
        update.executeUpdate();
      }
      reported.add(LostRunReruns.announcing(event, dueAt));
    }
    return reported;
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
