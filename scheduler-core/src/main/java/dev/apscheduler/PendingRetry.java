package dev.apscheduler;

import java.time.Instant;
import java.util.Objects;

/**
 * A retry a job is waiting for: attempt {@code attempt} of the fire time {@code fireTime}, due at
 * {@code dueAt}. It is part of the job's stored state, so it survives a restart and, in a cluster,
 * is taken by exactly one node. While it waits, the job's {@link Job#nextRunTime()} is the earlier
 * of {@code dueAt} and the trigger's own next fire time, which is kept here in {@code
 * triggerNextRunTime}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param fireTime the scheduled fire time the retry is an attempt of
 * @param attempt which attempt at that fire time the retry is, 2 or more
 * @param dueAt when the retry is due; its lateness (misfire grace time) is measured from here
 * @param triggerNextRunTime the trigger's next fire time, or {@code null} if it has none left
 */
public record PendingRetry(
    Instant fireTime, int attempt, Instant dueAt, Instant triggerNextRunTime) {

  /** Validates the retry. */
  public PendingRetry {
    Objects.requireNonNull(fireTime, "fireTime");
    Objects.requireNonNull(dueAt, "dueAt");
    if (attempt < 2) {
      throw new IllegalArgumentException(
          "pending retry attempt: must be 2 or more, got " + attempt);
    }
  }

  /** This retry with the trigger's next fire time {@code next}. */
  PendingRetry withTriggerNextRunTime(Instant next) {
    return new PendingRetry(fireTime, attempt, dueAt, next);
  }

  /** When the job is next due with this retry pending: the earlier of the two. */
  Instant jobNextRunTime() {
    return triggerNextRunTime == null || dueAt.isBefore(triggerNextRunTime)
        ? dueAt
        : triggerNextRunTime;
  }
}
