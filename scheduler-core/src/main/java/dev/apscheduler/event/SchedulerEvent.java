package dev.apscheduler.event;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened in a scheduler. Scheduler-wide events ({@code SCHEDULER_*}) are plain
 * instances of this class; store and job events are the subclasses {@link JobStoreEvent} and {@link
 * JobEvent}.
 *
 * <p>Immutable and thread-safe.
 */
public sealed class SchedulerEvent permits JobStoreEvent, JobEvent {

  private final EventType type;
  private final Instant timestamp;

  /** Creates an event of the given type that happened at {@code timestamp}. */
  public SchedulerEvent(EventType type, Instant timestamp) {
    this.type = Objects.requireNonNull(type, "type");
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
  }

  /** What happened. */
  public EventType type() {
    return type;
  }

  /** When it happened, by the scheduler's clock. */
  public Instant timestamp() {
    return timestamp;
  }

  @Override
  public String toString() {
    return "SchedulerEvent[" + type + " at " + timestamp + "]";
  }
}
