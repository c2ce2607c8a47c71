package dev.apscheduler.trigger;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Fires whenever any of its triggers fires, like APScheduler 3.x's {@code OrTrigger}: the next fire
 * time is the earliest of the triggers' next fire times. Finished when all triggers are finished.
 *
 * <p>Immutable and thread-safe.
 */
public final class OrTrigger implements Trigger {

  private final List<Trigger> triggers;
  private final Duration jitter;

  private OrTrigger(List<Trigger> triggers, Duration jitter) {
    this.triggers = CombiningTriggers.requireTriggers(triggers);
    this.jitter = TriggerDates.requireJitter(jitter);
  }

  /**
   * A trigger firing whenever any of {@code triggers} fires.
   *
   * @throws IllegalArgumentException if no trigger is given
   */
  public static OrTrigger of(Trigger... triggers) {
    return new OrTrigger(List.of(triggers), Duration.ZERO);
  }

  /**
   * A trigger firing whenever any of {@code triggers} fires, each fire time delayed by a random
   * amount of up to {@code jitter}.
   */
  public static OrTrigger of(List<? extends Trigger> triggers, Duration jitter) {
    return new OrTrigger(List.copyOf(triggers), jitter);
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
    ZonedDateTime earliest = null;
    for (Trigger trigger : triggers) {
      Optional<ZonedDateTime> next = trigger.nextFireTime(previousFireTime, now);
      if (next.isPresent() && (earliest == null || next.get().isBefore(earliest))) {
        earliest = next.get();
      }
    }
    return earliest == null
        ? Optional.empty()
        : Optional.of(TriggerDates.applyJitter(earliest, jitter));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OrTrigger other
        && triggers.equals(other.triggers)
        && jitter.equals(other.jitter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(triggers, jitter);
  }

  @Override
  public String toString() {
    return CombiningTriggers.describe("or", triggers);
  }
}
