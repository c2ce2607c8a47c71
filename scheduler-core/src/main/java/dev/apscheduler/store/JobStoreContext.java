package dev.apscheduler.store;

import dev.apscheduler.TaskRegistry;
import dev.apscheduler.event.SchedulerListener;
import java.time.Clock;
import java.util.Objects;

/**
 * What the scheduler hands a store when it starts it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param alias the alias the store was added under
 * @param tasks resolves stored task references to functions
 * @param clock the scheduler's clock
 * @param events where the store reports what it notices by itself (such as runs lost with a
 *     scheduler node of a cluster); the scheduler passes them to its listeners
 * @param json the JSON codec of persistent stores, or {@code null} for the default {@link
 *     JacksonJsonCodec}
 * @param wakeUp asks the scheduler to look at its stores now: for a store that learns of changes
 *     made by other schedulers sharing it
 */
public record JobStoreContext(
    String alias,
    TaskRegistry tasks,
    Clock clock,
    SchedulerListener events,
    JsonCodec json,
    Runnable wakeUp) {

  /** Validates the context. */
  public JobStoreContext {
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(tasks, "tasks");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(wakeUp, "wakeUp");
  }

  /** A context whose store events go nowhere (for using a store without a scheduler). */
  public JobStoreContext(String alias, TaskRegistry tasks, Clock clock) {
    this(alias, tasks, clock, event -> {}, null, () -> {});
  }
}
