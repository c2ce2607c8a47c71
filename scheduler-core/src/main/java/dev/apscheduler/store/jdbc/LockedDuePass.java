package dev.apscheduler.store.jdbc;

import dev.apscheduler.Job;
import dev.apscheduler.store.DueJobProcessor;
import dev.apscheduler.store.JobDocuments;
import dev.apscheduler.store.LostRunReruns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One due pass of a {@link JdbcJobStore}, in the caller's transaction: locks up to a number of due
 * rows (skipping rows another node has locked), lets the scheduler decide each, and writes the
 * outcomes back with batched statements; in cluster mode it also records the runs it starts, so
 * that {@code maxInstances} holds across nodes (the record of a run that finishes a job which
 * reruns lost runs keeps the job: {@link LostRunReruns#documentToKeep}).
 *
 * <p>Immutable; one pass runs on one connection at a time.
 *
 * @param sql the store's statements
 * @param documents the store's documents
 * @param records this node's run records, or {@code null} when the store is not clustered
 */
record LockedDuePass(JdbcSql sql, JobDocuments documents, RunRecords records) {

  /**
   * What a pass did.
   *
   * @param processed how many due jobs it processed
   * @param removed the ids of the jobs it removed
   */
  record Result(int processed, List<String> removed) {}

  /** Runs the pass on {@code c}; the caller commits. */
  Result run(Connection c, Instant now, int limit, DueJobProcessor processor) throws SQLException {
    List<Job> due = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.lockDueJobs())) {
      JobRows.readDue(ps, documents, now, limit, due);
    }
    Map<String, Integer> running =
        records == null ? Map.of() : records.runningCounts(c, due.stream().map(Job::id).toList());
    List<String> removed = new ArrayList<>();
    List<RunRecords.Run> started = new ArrayList<>();
    try (PreparedStatement update = c.prepareStatement(sql.updateJob());
        PreparedStatement delete = c.prepareStatement(sql.deleteJob())) {
      for (Job job : due) {
        DueJobProcessor.Outcome outcome =
            processor.process(job, records == null ? -1 : running.getOrDefault(job.id(), 0));
        if (outcome.remove()) {
          delete.setString(1, job.id());
          delete.addBatch();
          removed.add(job.id());
        } else {
          JobRows.bindUpdate(update, outcome.job(), documents.write(outcome.job()));
          update.addBatch();
        }
        if (records != null && outcome.runStarted()) {
          started.add(
              new RunRecords.Run(
                  job.id(),
                  outcome.startedFireTime(),
                  LostRunReruns.documentToKeep(outcome, documents)));
        }
      }
      if (due.size() > removed.size()) {
        update.executeBatch();
      }
      if (!removed.isEmpty()) {
        delete.executeBatch();
      }
    }
    if (records != null) {
      records.recordStarted(c, started);
    }
    return new Result(due.size(), removed);
  }
}
