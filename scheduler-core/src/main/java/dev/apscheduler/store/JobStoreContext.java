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
 */
public record JobStoreContext(
    String alias, TaskRegistry tasks, Clock clock, SchedulerListener events, JsonCodec json) {

  /** Validates the context. */
  public JobStoreContext {
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(tasks, "tasks");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(events, "events");
  }

  /** A context whose store events go nowhere (for using a store without a scheduler). */
  public JobStoreContext(String alias, TaskRegistry tasks, Clock clock) {
    this(alias, tasks, clock, event -> {}, null);
  }
}
