package dev.apscheduler.store.jdbc;

import dev.apscheduler.Job;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobDocuments;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Binds jobs to the parameters of the job table's statements ({@link JdbcSql}) and reads them back
 * from its rows: the next run time as UTC epoch microseconds ({@code NULL} while paused), the rest
 * as the JSON document.
 *
 * <p>Stateless and thread-safe.
 */
final class JobRows {

  private JobRows() {}

  /** Binds {@link JdbcSql#insertJob()}. */
  static void bindInsert(PreparedStatement ps, Job job, String json) throws SQLException {
    ps.setString(1, job.id());
    ps.setString(2, job.name());
    setNextRunTime(ps, 3, job.nextRunTime());
    ps.setInt(4, JobCodec.VERSION);
    ps.setString(5, json);
  }

  /** Binds {@link JdbcSql#updateJob()}. */
  static void bindUpdate(PreparedStatement ps, Job job, String json) throws SQLException {
    ps.setString(1, job.name());
    setNextRunTime(ps, 2, job.nextRunTime());
    ps.setInt(3, JobCodec.VERSION);
    ps.setString(4, json);
    ps.setString(5, job.id());
  }

  /**
   * Reads the job of the current row of a query that selects id, next run time and document; for a
   * row that cannot be read, empty (see {@link JobDocuments#read}).
   */
  static Optional<Job> read(ResultSet rs, JobDocuments documents) throws SQLException {
    return documents.read(rs.getString(1), nextRunTime(rs), rs.getString(3));
  }

  /**
   * Reads the job of the current row as {@link #read} does.
   *
   * @throws dev.apscheduler.JobStoreException if the row cannot be read
   */
  static Job readOrThrow(ResultSet rs, JobDocuments documents) throws SQLException {
    return documents.readOrThrow(rs.getString(1), nextRunTime(rs), rs.getString(3));
  }

  /**
   * Runs a due-jobs query for up to {@code limit} readable jobs, asking for as many more rows as
   * are known to be unreadable; returns how many rows it read.
   */
  static int readDue(PreparedStatement ps, JobDocuments docs, Instant now, int limit, List<Job> due)
      throws SQLException {
    ps.setLong(1, JobCodec.toEpochMicros(now));
    ps.setInt(2, limit + docs.unreadableCount());
    int rows = 0;
    try (ResultSet rs = ps.executeQuery()) {
      while (due.size() < limit && rs.next()) {
        rows++;
        read(rs, docs).ifPresent(due::add);
      }
    }
    return rows;
  }

  /** The next run time in the second column of the current row; {@code null} if paused. */
  static Instant nextRunTime(ResultSet rs) throws SQLException {
    long micros = rs.getLong(2);
    return rs.wasNull() ? null : JobCodec.fromEpochMicros(micros);
  }

  private static void setNextRunTime(PreparedStatement ps, int index, Instant next)
      throws SQLException {
    if (next == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, JobCodec.toEpochMicros(next));
    }
  }
}
