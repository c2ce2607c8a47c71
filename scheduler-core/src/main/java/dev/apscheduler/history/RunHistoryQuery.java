package dev.apscheduler.history;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which run records of a job to read: at most {@code limit}, newest (by end) first, optionally only
 * of some outcomes and only those that ended in {@code [from, to)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param jobId the job's id
 * @param outcomes the outcomes wanted; every outcome when empty
 * @param from the earliest end wanted (inclusive), or {@code null}
 * @param to the end before which records are wanted (exclusive), or {@code null}
 * @param limit the most records returned
 */
public record RunHistoryQuery(
    String jobId, Set<RunOutcome> outcomes, Instant from, Instant to, int limit) {

  /** Validates the query; the outcome set is copied. */
  public RunHistoryQuery {
    Objects.requireNonNull(jobId, "jobId");
    outcomes =
        outcomes == null || outcomes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(outcomes));
    if (limit < 1) {
      throw new IllegalArgumentException("limit: must be 1 or more, got " + limit);
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("from " + from + " must be before to " + to);
    }
  }

  /** The newest {@code limit} records of a job, of every outcome. */
  public static RunHistoryQuery of(String jobId, int limit) {
    return new RunHistoryQuery(jobId, Set.of(), null, null, limit);
  }

  /** This query for these outcomes only. */
  public RunHistoryQuery withOutcomes(Set<RunOutcome> wanted) {
    return new RunHistoryQuery(jobId, wanted, from, to, limit);
  }

  /** This query for records that ended in {@code [from, to)} ({@code null}: unbounded). */
  public RunHistoryQuery endedBetween(Instant from, Instant to) {
    return new RunHistoryQuery(jobId, outcomes, from, to, limit);
  }

  /** Whether {@code record} is one this query asks for (the limit aside). */
  public boolean matches(RunRecord record) {
    return record.jobId().equals(jobId)
        && (outcomes.isEmpty() || outcomes.contains(record.outcome()))
        && (from == null || !record.end().isBefore(from))
        && (to == null || record.end().isBefore(to));
  }
}
