package dev.apscheduler.store.jdbc;

import dev.apscheduler.Job;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobDocuments;
import dev.apscheduler.store.JobStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The queries of a {@link JdbcJobStore}, each on a connection of its own: one job, the due jobs,
 * the next run time, every job, the count, the cluster's nodes. Rows that cannot be read are
 * skipped as {@link JobDocuments} says, and as many more rows are asked for so that they do not
 * crowd out readable ones.
 *
 * <p>Thread-safe.
 */
final class JobReads {

  private final JobTable table;

  JobReads(JobTable table) {
    this.table = table;
  }

  Optional<Job> lookup(JobDocuments docs, String jobId) {
    try (Connection c = table.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(table.sql().selectJob())) {
      ps.setString(1, jobId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(JobRows.readOrThrow(rs, docs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw table.failure("look up job '" + jobId + "'", e);
    }
  }

  List<Job> due(JobDocuments docs, Instant now, int limit) {
    while (true) {
      int skipped = docs.unreadableCount();
      List<Job> due = new ArrayList<>();
      int rows;
      try (Connection c = table.dataSource().getConnection();
          PreparedStatement ps = c.prepareStatement(table.sql().selectDueJobs())) {
        rows = JobRows.readDue(ps, docs, now, limit, due);
      } catch (SQLException e) {
        throw table.failure("read due jobs", e);
      }
      if (due.size() == limit || rows < limit + skipped || docs.unreadableCount() == skipped) {
        return due;
      }
    }
  }

  Optional<Instant> nextRunTime(JobDocuments docs) {
    try (Connection c = table.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(table.sql().selectNextRunTimes())) {
      ps.setInt(1, 1 + docs.unreadableCount());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (!docs.isUnreadable(rs.getString(1))) {
            return Optional.of(JobRows.nextRunTime(rs));
          }
        }
      }
    } catch (SQLException e) {
      throw table.failure("read the next run time", e);
    }
    return Optional.empty();
  }

  List<Job> all(JobDocuments docs) {
    List<Job> all = new ArrayList<>();
    try (Connection c = table.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(table.sql().selectAllJobs());
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        JobRows.read(rs, docs).ifPresent(all::add);
      }
    } catch (SQLException e) {
      throw table.failure("read all jobs", e);
    }
    return all;
  }

  /** The rows from {@code offset} on, at most {@code limit}; unreadable ones are left out. */
  List<Job> page(JobDocuments docs, int offset, int limit) {
    JobStore.checkPage(offset, limit);
    List<Job> page = new ArrayList<>(limit);
    try (Connection c = table.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(table.sql().selectJobPage())) {
      ps.setInt(1, limit);
      ps.setInt(2, offset);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          JobRows.read(rs, docs).ifPresent(page::add);
        }
      }
    } catch (SQLException e) {
      throw table.failure("read jobs " + offset + " to " + (offset + limit), e);
    }
    return page;
  }

  /** The number of rows, unreadable ones included. */
  int count() {
    try (Connection c = table.dataSource().getConnection();
        Statement statement = c.createStatement();
        ResultSet rs = statement.executeQuery(table.sql().countJobs())) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw table.failure("count the jobs", e);
    }
  }

  /** The cluster's nodes with their last heartbeat. */
  Map<String, Instant> clusterNodes() {
    Map<String, Instant> nodes = new LinkedHashMap<>();
    try (Connection c = table.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(table.sql().selectNodes());
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        nodes.put(rs.getString(1), JobCodec.fromEpochMicros(rs.getLong(2)));
      }
    } catch (SQLException e) {
      throw table.failure("read the cluster's nodes", e);
    }
    return nodes;
  }
}
