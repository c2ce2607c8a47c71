package dev.apscheduler.spring.boot.actuate;

import dev.apscheduler.Scheduler;
import dev.apscheduler.history.RunHistoryQuery;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * One page of a job's run history, as {@code GET /actuator/scheduler/{id}/runs} shows it: the runs
 * newest (by end) first, and where the next, older page starts.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the job's id
 * @param removed whether the job is no longer scheduled (its history stays until retention purges
 *     it)
 * @param limit the most runs the page holds
 * @param before the end before which runs were asked for, or {@code null} for the newest
 * @param since the earliest end asked for, or {@code null}
 * @param outcomes the outcomes asked for; every outcome when empty
 * @param runs the page of runs, newest first
 * @param nextBefore the {@code before} of the next, older page, or {@code null} when this page is
 *     the last
 */
public record JobRunsDescriptor(
    String id,
    boolean removed,
    int limit,
    Instant before,
    Instant since,
    List<String> outcomes,
    List<RunDescriptor> runs,
    Instant nextBefore)
    implements OperationResponseBody {

  /** The page size when none is asked for. */
  public static final int DEFAULT_LIMIT = 20;

  /** The largest page size; a larger one asked for is cut to it. */
  public static final int MAX_LIMIT = SchedulerDescriptor.MAX_LIMIT;

  private static final String OUTCOMES =
      Arrays.stream(RunOutcome.values()).map(Enum::name).collect(Collectors.joining(", "));

  /**
   * Reads one page of the run history of job {@code id} as the endpoint's query parameters ask.
   *
   * @param limit the page size: a whole number of 1 or more ({@value #DEFAULT_LIMIT} if {@code
   *     null}, cut to {@value #MAX_LIMIT})
   * @param before an ISO-8601 instant: only runs that ended before it (the {@code nextBefore} of
   *     the previous page)
   * @param since an ISO-8601 instant: only runs that ended at or after it
   * @param outcome outcome names separated by commas, in any case; every outcome if {@code null}
   * @param describe turns a record into what the page shows
   * @return the page, or {@code null} if there is no such job and no history of one
   * @throws IllegalArgumentException for a parameter that cannot be read, naming it and what would
   *     be right
   */
  static JobRunsDescriptor read(
      Scheduler scheduler,
      String id,
      @Nullable String limit,
      @Nullable String before,
      @Nullable String since,
      @Nullable String outcome,
      Function<RunRecord, RunDescriptor> describe) {
    int size = parseLimit(limit);
    Instant to = parseInstant("before", before);
    Instant from = parseInstant("since", since);
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException(
          "since: '" + since + "' is not valid; expected an instant before '" + before + "'");
    }
    Set<RunOutcome> outcomes = parseOutcomes(outcome);
    boolean removed = scheduler.getJob(id).isEmpty();
    if (removed && scheduler.getRunHistory(id, 1).isEmpty()) {
      return null;
    }
    RunHistoryQuery query = new RunHistoryQuery(id, outcomes, from, to, size + 1);
    List<RunRecord> found = scheduler.getRunHistory(query);
    List<RunRecord> page = found;
    Instant nextBefore = null;
    if (found.size() > size) {
      // The next page asks for runs that ended before the last one shown, so runs that ended at
      // the same instant as the first one left out are left out together with it.
      Instant boundary = found.get(size).end();
      int cut = size;
      while (cut > 0 && found.get(cut - 1).end().equals(boundary)) {
        cut--;
      }
      if (cut > 0) {
        page = found.subList(0, cut);
        nextBefore = page.get(cut - 1).end();
      } else {
        // more than a page ended at one instant (stores keep microseconds): show all of them
        Instant justAfter = boundary.plus(1, ChronoUnit.MICROS);
        page =
            scheduler.getRunHistory(
                new RunHistoryQuery(
                    id,
                    outcomes,
                    boundary,
                    to != null && to.isBefore(justAfter) ? to : justAfter,
                    MAX_LIMIT));
        nextBefore = boundary;
      }
    }
    return new JobRunsDescriptor(
        id,
        removed,
        size,
        to,
        from,
        outcomes.stream().sorted().map(Enum::name).toList(),
        page.stream().map(describe).toList(),
        nextBefore);
  }

  private static int parseLimit(@Nullable String limit) {
    if (limit == null) {
      return DEFAULT_LIMIT;
    }
    try {
      long parsed = Long.parseLong(limit.trim());
      if (parsed >= 1) {
        return (int) Math.min(parsed, MAX_LIMIT);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "limit: '" + limit + "' is not valid; expected a whole number of 1 or more");
  }

  private static Instant parseInstant(String name, @Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          name
              + ": '"
              + value
              + "' is not valid; expected an ISO-8601 instant such as 2026-12-01T09:00:00Z");
    }
  }

  private static Set<RunOutcome> parseOutcomes(@Nullable String outcome) {
    Set<RunOutcome> outcomes = EnumSet.noneOf(RunOutcome.class);
    if (outcome == null) {
      return outcomes;
    }
    for (String name : outcome.split(",")) {
      try {
        outcomes.add(RunOutcome.valueOf(name.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "outcome: '" + name.trim() + "' is not valid; expected one or more of " + OUTCOMES);
      }
    }
    return outcomes;
  }
}
