package dev.apscheduler.trigger;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Fires at the times on which all of its triggers agree, like APScheduler 3.x's {@code AndTrigger}:
 * each trigger proposes its next fire time; while they differ the search moves on to the latest
 * proposal. Finished as soon as any trigger is finished. The search gives up (and the trigger
 * reports itself finished) after {@value #MAX_ITERATIONS} rounds without agreement.
 *
 * <p>Immutable and thread-safe.
 */
public final class AndTrigger implements Trigger {

  /** Rounds of proposals after which the search gives up. */
  public static final int MAX_ITERATIONS = 10_000;

  private static final System.Logger LOG = System.getLogger(AndTrigger.class.getName());

  private final List<Trigger> triggers;
  private final Duration jitter;

  private AndTrigger(List<Trigger> triggers, Duration jitter) {
    this.triggers = CombiningTriggers.requireTriggers(triggers);
    this.jitter = TriggerDates.requireJitter(jitter);
  }

  /**
   * A trigger firing when all of {@code triggers} agree.
   *
   * @throws IllegalArgumentException if no trigger is given
   */
  public static AndTrigger of(Trigger... triggers) {
    return new AndTrigger(List.of(triggers), Duration.ZERO);
  }

  /**
   * A trigger firing when all of {@code triggers} agree, each fire time delayed by a random amount
   * of up to {@code jitter}.
   */
  public static AndTrigger of(List<? extends Trigger> triggers, Duration jitter) {
    return new AndTrigger(List.copyOf(triggers), jitter);
  }

  /** The combined triggers, in the order given. */
  public List<Trigger> triggers() {
    return triggers;
  }

  /** The largest random delay added to each fire time. */
  public Duration jitter() {
    return jitter;
  }

  @Override
  public Optional<ZonedDateTime> nextFireTime(ZonedDateTime previousFireTime, ZonedDateTime now) {
    ZonedDateTime previous = previousFireTime;
    ZonedDateTime current = now;
    for (int round = 0; round < MAX_ITERATIONS; round++) {
      ZonedDateTime earliest = null;
      ZonedDateTime latest = null;
      for (Trigger trigger : triggers) {
        Optional<ZonedDateTime> next = trigger.nextFireTime(previous, current);
        if (next.isEmpty()) {
          return Optional.empty();
        }
        ZonedDateTime time = next.get();
        if (earliest == null || time.isBefore(earliest)) {
          earliest = time;
        }
        if (latest == null || time.isAfter(latest)) {
          latest = time;
        }
      }
      if (earliest.isEqual(latest)) {
        return Optional.of(TriggerDates.applyJitter(earliest, jitter));
      }
      // Search on from the latest proposal. Later rounds ask without a previous fire time: with
      // one, a trigger may keep proposing the time right after it (3.x would loop forever there).
      current = latest;
      previous = null;
    }
    LOG.log(
        System.Logger.Level.WARNING,
        "{0}: no common fire time after {1} rounds from {2}; treating the trigger as finished",
        this,
        MAX_ITERATIONS,
        now);
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AndTrigger other
        && triggers.equals(other.triggers)
        && jitter.equals(other.jitter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(triggers, jitter);
  }

  @Override
  public String toString() {
    return CombiningTriggers.describe("and", triggers);
  }
}
