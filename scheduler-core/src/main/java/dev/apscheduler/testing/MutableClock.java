package dev.apscheduler.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it: {@link #advance}, {@link #set}.
 *
 * <p>Thread-safe: the time is one atomic reference, shared by clocks made with {@link #withZone}.
 */
public final class MutableClock extends Clock {

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock at {@code start}, in {@code zone}. */
  public static MutableClock at(Instant start, ZoneId zone) {
    return new MutableClock(new AtomicReference<>(Objects.requireNonNull(start)), zone);
  }

  /** A clock at {@code start}, in its zone. */
  public static MutableClock at(ZonedDateTime start) {
    return at(start.toInstant(), start.getZone());
  }

  /** Moves the clock forward (or back, for a negative amount). */
  public MutableClock advance(Duration amount) {
    now.updateAndGet(time -> time.plus(amount));
    return this;
  }

  /** Sets the clock to {@code time}. */
  public MutableClock set(Instant time) {
    now.set(Objects.requireNonNull(time));
    return this;
  }

  /** Sets the clock to {@code time}. */
  public MutableClock set(ZonedDateTime time) {
    return set(time.toInstant());
  }

  /** The current time in this clock's zone. */
  public ZonedDateTime now() {
    return instant().atZone(zone);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId otherZone) {
    return new MutableClock(now, otherZone);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public String toString() {
    return "MutableClock[" + now.get() + ", " + zone + "]";
  }
}
