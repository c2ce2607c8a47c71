package dev.apscheduler;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Turns the task forms a job accepts into {@link Task}s, and text references back into functions.
 *
 * <p>A reference resolves, in this order, to: a function registered under that name; whatever an
 * added {@link Resolver} finds (the Spring module adds {@code beanName::method} for beans that
 * exist); a public static method {@code com.example.Reports::nightly}, declared by that class,
 * taking no parameter, a {@link JobContext}, or the job's positional arguments; a class with a
 * public no-argument constructor that implements {@link JobFunction} or {@link Runnable}.
 *
 * <h2>Stored references are data, not code</h2>
 *
 * Anyone who can write a job store's rows (a table, a Redis hash, a collection) chooses the
 * references this registry is asked to {@linkplain #resolve resolve}. So a class or static method
 * named by a stored row is run only if
 *
 * <ul>
 *   <li>its class is in a package the application {@linkplain #allowPackages allows} (or a
 *       sub-package of one): {@code SchedulerBuilder.allowedTaskPackages(..)}, or the Spring
 *       property {@code apscheduler.allowed-task-packages}, whose default there is the
 *       application's own base package; or
 *   <li>the application itself gave this registry that very reference in code, while it lives (that
 *       is, during this scheduler's lifetime): a text reference passed to {@link #taskFor} ({@code
 *       JobSpec.task("com.example.Reports::nightly")}, a job added or modified with it), or a
 *       stateless {@code JobFunction} or {@code Runnable} object kept by its class name.
 * </ul>
 *
 * Registered names and resolver results are always allowed: the application registered them. Any
 * other class reference resolves to an {@linkplain Task#unresolved unresolved} task whose problem
 * names the property to set; the named class is not even loaded. An allowed class is loaded without
 * initialisation: its static initialiser runs when the task is first run (a class task: made).
 * After a restart, the references the application gave in code are allowed again once it adds or
 * modifies a job with them again; to run stored jobs before that (or jobs it never adds again),
 * allow their package or register their tasks by name. A job whose reference is not allowed is kept
 * in its store, reported once and skipped until it is.
 *
 * <p>Thread-safe.
 */
public final class TaskRegistry {

  /** Finds a function for a text reference, or nothing. Implementations must be thread-safe. */
  @FunctionalInterface
  public interface Resolver {
    /**
     * Returns the function {@code reference} names, or empty if this resolver does not know it. The
     * reference may come from a stored row: a resolver must only find what the application meant to
     * be run (the Spring module's finds methods of beans that exist).
     */
    Optional<JobFunction> resolve(String reference);

    /**
     * Whether a reference read from a store (not given by the application in code) may run what
     * {@link #resolve} finds. The default allows it; a resolver of broad reach (the Spring module's
     * bean methods) allows only targets whose class {@code allowedClass} accepts, the registry's
     * allowed packages.
     */
    default boolean allowsStored(String reference, Predicate<String> allowedClass) {
      return true;
    }
  }

  private static final String SEPARATOR = "::";

  private static final Pattern PACKAGE_NAME =
      Pattern.compile(
          "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

  private final Map<String, JobFunction> byName = new ConcurrentHashMap<>();
  private final Map<Object, String> nameByFunction = new IdentityHashMap<>();

  /**
   * Whether {@link #nameByFunction} holds anything: most applications register no function object,
   * and a job's new lambda then costs no identity hash and no lock.
   */
  private volatile boolean functionsRegistered;

  private final List<Resolver> resolvers = new CopyOnWriteArrayList<>();
  private final List<String> allowedPackages = new CopyOnWriteArrayList<>();

  /** Class and static-method references the application gave in code (allowed when stored). */
  private final Set<String> givenInCode = ConcurrentHashMap.newKeySet();

  /**
   * The transient task made last: jobs added one after another with the same function object share
   * one task (immutable) instead of holding one each. A registered name is looked up first.
   */
  private volatile Task lastTransient;

  /**
   * Registers {@code function} under {@code name}; a job whose task is this name, or this very
   * function object, is stored by the name. Registering a name again replaces its function.
   *
   * @throws IllegalArgumentException if the name is blank or contains {@code ::}
   */
  public void register(String name, JobFunction function) {
    Objects.requireNonNull(function, "function");
    if (name == null || name.isBlank() || name.contains(SEPARATOR)) {
      throw new IllegalArgumentException(
          "task name: '" + name + "' is not valid; use a non-blank name without '::'");
    }
    byName.put(name, function);
    synchronized (nameByFunction) {
      nameByFunction.put(function, name);
      functionsRegistered = true;
    }
  }

  /** Adds a resolver consulted after registered names and before static methods and classes. */
  public void addResolver(Resolver resolver) {
    resolvers.add(Objects.requireNonNull(resolver, "resolver"));
  }

  /**
   * Allows stored jobs to run classes, and static methods of classes, in these packages and their
   * sub-packages ({@code com.example} allows {@code com.example.jobs.Reports::nightly}, not {@code
   * com.examples.X}). See the class comment for the whole rule.
   *
   * @throws IllegalArgumentException if a name is not a Java package name
   */
  public void allowPackages(String... packages) {
    List<String> checked = new ArrayList<>(packages.length);
    for (String name : packages) {
      String trimmed = name == null ? "" : name.strip();
      if (!PACKAGE_NAME.matcher(trimmed).matches()) {
        throw new IllegalArgumentException(
            "allowed task package: '"
                + name
                + "' is not a package name; give one like com.example.jobs");
      }
      checked.add(trimmed);
    }
    for (String name : checked) {
      if (!allowedPackages.contains(name)) {
        allowedPackages.add(name);
      }
    }
  }

  /** The packages whose classes stored jobs may run, in the order they were allowed. */
  public List<String> allowedPackages() {
    return List.copyOf(allowedPackages);
  }

  /** The names registered so far. */
  public List<String> names() {
    return new ArrayList<>(byName.keySet());
  }

  /**
   * Makes a task of what {@code JobSpec.task(..)} was given in code: a {@link JobFunction}, a
   * {@link Runnable} or a text reference. A class or static-method reference given here is the
   * application's own choice: it resolves whatever its package, and stored rows naming it resolve
   * too while this registry lives.
   *
   * @throws IllegalArgumentException if a text reference does not resolve or the type is wrong
   */
  public Task taskFor(Object task) {
    if (task instanceof String reference) {
      Task resolved = resolve(reference, true);
      if (!resolved.isResolved()) {
        throw new IllegalArgumentException("task: '" + reference + "': " + resolved.problem());
      }
      return resolved;
    }
    if (task instanceof JobFunction || task instanceof Runnable) {
      return taskForObject(task);
    }
    throw new IllegalArgumentException(
        "task: expected a JobFunction, a Runnable or a String reference, got "
            + (task == null ? "null" : task.getClass().getName()));
  }

  /**
   * Resolves a text reference read from a store, under the rule of the class comment; the result is
   * unresolved, with the reason, if nothing matches or the reference is not allowed.
   */
  public Task resolve(String reference) {
    return resolve(reference, false);
  }

  private Task resolve(String reference, boolean givenByApplication) {
    Objects.requireNonNull(reference, "reference");
    JobFunction registered = byName.get(reference);
    if (registered != null) {
      return Task.persistable(reference, registered);
    }
    for (Resolver resolver : resolvers) {
      Optional<JobFunction> found = resolver.resolve(reference);
      if (found.isEmpty()) {
        continue;
      }
      if (givenByApplication) {
        givenInCode.add(reference);
      } else if (!givenInCode.contains(reference)
          && !resolver.allowsStored(reference, this::isAllowed)) {
        return Task.unresolved(
            reference,
            "it names a method of a bean whose class is not in a package allowed for stored task"
                + " references (allowed: "
                + allowedPackages
                + "), and the application has not given this reference in code; allow the"
                + " package with apscheduler.allowed-task-packages, or register the task under a"
                + " name with registerTask(name, function)");
      }
      return Task.persistable(reference, found.get());
    }
    int separator = reference.indexOf(SEPARATOR);
    String className = separator > 0 ? reference.substring(0, separator) : reference;
    if (separator <= 0 && reference.indexOf('.') <= 0) {
      return Task.unresolved(
          reference,
          "no task is registered under this name (registered: "
              + names()
              + "); register it with registerTask(name, function)");
    }
    if (!givenByApplication && !givenInCode.contains(reference) && !isAllowed(className)) {
      return Task.unresolved(
          reference,
          className.indexOf('.') > 0
              ? notAllowed(className)
              : "nothing named '"
                  + className
                  + "' is known: it is neither a registered task nor found by a resolver (such as"
                  + " the Spring module's bean methods)");
    }
    Task task =
        separator > 0
            ? TaskClasses.resolveStaticMethod(
                reference, className, reference.substring(separator + SEPARATOR.length()))
            : TaskClasses.resolveClass(reference);
    if (givenByApplication && task.isResolved()) {
      givenInCode.add(reference);
    }
    return task;
  }

  /** Whether {@code className} is in an allowed package or a sub-package of one. */
  private boolean isAllowed(String className) {
    for (String allowed : allowedPackages) {
      if (className.length() > allowed.length()
          && className.startsWith(allowed)
          && className.charAt(allowed.length()) == '.') {
        return true;
      }
    }
    return false;
  }

  private String notAllowed(String className) {
    return "class "
        + className
        + " is not in a package allowed for stored task references (allowed: "
        + allowedPackages
        + "), and the application has not given this reference in code; if the job is the"
        + " application's own, allow the package of its task with"
        + " SchedulerBuilder.allowedTaskPackages(..) (Spring Boot: apscheduler.allowed-task-packages)"
        + " or register the task under a name with registerTask(name, function)";
  }

  private Task taskForObject(Object target) {
    String name = null;
    if (functionsRegistered) {
      synchronized (nameByFunction) {
        name = nameByFunction.get(target);
      }
    }
    if (name != null) {
      return Task.persistable(name, byName.get(name));
    }
    Task last = lastTransient;
    if (last != null && last.identity() == target) {
      return last;
    }
    JobFunction function =
        target instanceof JobFunction given ? given : context -> ((Runnable) target).run();
    TaskClasses.TaskClass taskClass = TaskClasses.of(target.getClass());
    if (taskClass.rebuildable()) {
      givenInCode.add(taskClass.reference());
      return Task.persistable(taskClass.reference(), function);
    }
    Task task = Task.transientTask(taskClass.reference(), function, target);
    lastTransient = task;
    return task;
  }
}
