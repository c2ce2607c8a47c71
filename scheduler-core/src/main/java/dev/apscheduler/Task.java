package dev.apscheduler;

import java.util.Objects;

/**
 * A job's task: the text reference a persistent store keeps, and the function it resolves to.
 *
 * <p>A task is <em>persistable</em> when its reference can be resolved again after a restart (a
 * registered name, a static method {@code com.example.Reports::nightly}, or a class with a
 * no-argument constructor). A lambda is not persistable: it can only live in the memory store. A
 * task loaded from a store whose reference no longer resolves, or names a class the application
 * does not allow stored jobs to run (see {@link TaskRegistry}), is <em>unresolved</em>: the job is
 * kept, reported and skipped, never deleted.
 *
 * <p>Immutable and thread-safe.
 */
public final class Task {

  private final String reference;
  private final JobFunction function;
  private final boolean persistable;
  private final String problem;
  private final Object identity;

  private Task(
      String reference,
      JobFunction function,
      boolean persistable,
      String problem,
      Object identity) {
    this.reference = Objects.requireNonNull(reference, "reference");
    this.function = function;
    this.persistable = persistable;
    this.problem = problem;
    this.identity = identity;
  }

  /** A task that a persistent store can find again by {@code reference}. */
  public static Task persistable(String reference, JobFunction function) {
    return new Task(reference, Objects.requireNonNull(function, "function"), true, null, null);
  }

  /**
   * A task that only the memory store can hold; {@code description} is for display, {@code
   * identity} is the object the application gave (a function or runnable), to find its jobs again.
   */
  public static Task transientTask(String description, JobFunction function, Object identity) {
    return new Task(
        description,
        Objects.requireNonNull(function, "function"),
        false,
        null,
        Objects.requireNonNull(identity, "identity"));
  }

  /** A stored reference that does not resolve now, or is not allowed; {@code problem} says why. */
  public static Task unresolved(String reference, String problem) {
    return new Task(reference, null, true, Objects.requireNonNull(problem, "problem"), null);
  }

  /** The object the application gave, for a transient task; {@code null} otherwise. */
  Object identity() {
    return identity;
  }

  /** The text reference (or, for a transient task, a description). */
  public String reference() {
    return reference;
  }

  /** Whether a persistent store can keep this task. */
  public boolean isPersistable() {
    return persistable;
  }

  /** Whether the reference resolved to a function. */
  public boolean isResolved() {
    return function != null;
  }

  /** Why the reference did not resolve; {@code null} when it did. */
  public String problem() {
    return problem;
  }

  /**
   * The function to run.
   *
   * @throws SchedulerException if the task is unresolved
   */
  public JobFunction function() {
    if (function == null) {
      throw new SchedulerException("Task '" + reference + "' cannot be run: " + problem);
    }
    return function;
  }

  /**
   * Whether this task is what {@code task} names: the same reference for a string, the same object
   * for a function or runnable.
   */
  public boolean matches(Object task) {
    if (task instanceof String text) {
      return persistable && reference.equals(text);
    }
    return task != null
        && (task == identity
            || task == function
            || (persistable && reference.equals(task.getClass().getName())));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Task other
        && reference.equals(other.reference)
        && persistable == other.persistable
        && identity == other.identity;
  }

  @Override
  public int hashCode() {
    return reference.hashCode();
  }

  @Override
  public String toString() {
    return reference;
  }
}
