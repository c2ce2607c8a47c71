package dev.apscheduler.store;

import dev.apscheduler.TaskRegistry;
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
 */
public record JobStoreContext(String alias, TaskRegistry tasks, Clock clock) {

  /** Validates the context. */
  public JobStoreContext {
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(tasks, "tasks");
    Objects.requireNonNull(clock, "clock");
  }
}
