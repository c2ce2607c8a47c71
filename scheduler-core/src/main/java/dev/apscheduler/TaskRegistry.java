package dev.apscheduler;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Turns the task forms a job accepts into {@link Task}s, and text references back into functions.
 *
 * <p>A reference resolves, in this order, to: a function registered under that name; whatever an
 * added {@link Resolver} finds (the Spring module adds {@code beanName::method}); a public static
 * method {@code com.example.Reports::nightly} taking no parameter, a {@link JobContext}, or the
 * job's positional arguments; a class with a public no-argument constructor that implements {@link
 * JobFunction} or {@link Runnable}.
 *
 * <p>Thread-safe.
 */
public final class TaskRegistry {

  /** Finds a function for a text reference, or nothing. Implementations must be thread-safe. */
  @FunctionalInterface
  public interface Resolver {
    /** Returns the function {@code reference} names, or empty if this resolver does not know it. */
    Optional<JobFunction> resolve(String reference);
  }

  private final Map<String, JobFunction> byName = new ConcurrentHashMap<>();
  private final Map<Object, String> nameByFunction = new IdentityHashMap<>();
  private final List<Resolver> resolvers = new CopyOnWriteArrayList<>();

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
    if (name == null || name.isBlank() || name.contains("::")) {
      throw new IllegalArgumentException(
          "task name: '" + name + "' is not valid; use a non-blank name without '::'");
    }
    byName.put(name, function);
    synchronized (nameByFunction) {
      nameByFunction.put(function, name);
    }
  }

  /** Adds a resolver consulted after registered names and before static methods and classes. */
  public void addResolver(Resolver resolver) {
    resolvers.add(Objects.requireNonNull(resolver, "resolver"));
  }

  /** The names registered so far. */
  public List<String> names() {
    return new ArrayList<>(byName.keySet());
  }

  /**
   * Makes a task of what {@code JobSpec.task(..)} was given: a {@link JobFunction}, a {@link
   * Runnable} or a text reference.
   *
   * @throws IllegalArgumentException if a text reference does not resolve or the type is wrong
   */
  public Task taskFor(Object task) {
    if (task instanceof String reference) {
      Task resolved = resolve(reference);
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

  /** Resolves a text reference; the result is unresolved, with the reason, if nothing matches. */
  public Task resolve(String reference) {
    Objects.requireNonNull(reference, "reference");
    JobFunction registered = byName.get(reference);
    if (registered != null) {
      return Task.persistable(reference, registered);
    }
    for (Resolver resolver : resolvers) {
      Optional<JobFunction> found = resolver.resolve(reference);
      if (found.isPresent()) {
        return Task.persistable(reference, found.get());
      }
    }
    int separator = reference.indexOf("::");
    if (separator > 0) {
      return resolveStaticMethod(
          reference, reference.substring(0, separator), reference.substring(separator + 2));
    }
    if (reference.indexOf('.') > 0) {
      return resolveClass(reference);
    }
    return Task.unresolved(
        reference,
        "no task is registered under this name (registered: "
            + names()
            + "); register it with registerTask(name, function)");
  }

  private Task taskForObject(Object target) {
    String name;
    synchronized (nameByFunction) {
      name = nameByFunction.get(target);
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
    TaskClass taskClass = TASK_CLASSES.get(target.getClass());
    if (taskClass.rebuildable()) {
      return Task.persistable(taskClass.reference(), function);
    }
    Task task = Task.transientTask(taskClass.reference(), function, target);
    lastTransient = task;
    return task;
  }

  /**
   * What a class of task objects is, worked out once per class (adding many jobs of one lambda
   * costs no reflection and no new string each).
   *
   * @param rebuildable whether a store can make the object again from its class name
   * @param reference the class name if rebuildable, else a description for display
   */
  private record TaskClass(boolean rebuildable, String reference) {}

  private static final ClassValue<TaskClass> TASK_CLASSES =
      new ClassValue<>() {
        @Override
        protected TaskClass computeValue(Class<?> type) {
          return isRebuildable(type)
              ? new TaskClass(true, type.getName())
              : new TaskClass(false, describe(type));
        }
      };

  private static String describe(Class<?> type) {
    String kind =
        type.isSynthetic() || type.getName().contains("$$Lambda")
            ? "lambda"
            : type.isAnonymousClass() ? "anonymous class" : "object";
    return kind + " " + type.getName();
  }

  /** A class the store can instantiate again: named, static, no-arg constructor, no state. */
  private static boolean isRebuildable(Class<?> type) {
    if (type.isSynthetic()
        || type.isAnonymousClass()
        || type.isLocalClass()
        || type.getName().contains("$$Lambda")
        || (type.isMemberClass() && !Modifier.isStatic(type.getModifiers()))
        || !Modifier.isPublic(type.getModifiers())) {
      return false;
    }
    try {
      if (!Modifier.isPublic(type.getDeclaredConstructor().getModifiers())) {
        return false;
      }
    } catch (NoSuchMethodException e) {
      return false;
    }
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers())) {
          return false;
        }
      }
    }
    return true;
  }

  private static Class<?> loadClass(String className) throws ClassNotFoundException {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader != null) {
      try {
        return Class.forName(className, true, loader);
      } catch (ClassNotFoundException e) {
        // fall through to this library's loader
      }
    }
    return Class.forName(className, true, TaskRegistry.class.getClassLoader());
  }

  private static Task resolveClass(String className) {
    Class<?> type;
    try {
      type = loadClass(className);
    } catch (ClassNotFoundException | LinkageError e) {
      return Task.unresolved(className, "class " + className + " not found");
    }
    if (!JobFunction.class.isAssignableFrom(type) && !Runnable.class.isAssignableFrom(type)) {
      return Task.unresolved(
          className, "class " + className + " implements neither JobFunction nor Runnable");
    }
    Object instance;
    try {
      Constructor<?> constructor = type.getDeclaredConstructor();
      instance = constructor.newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Task.unresolved(
          className,
          "class " + className + " has no public no-argument constructor that works: " + e);
    }
    if (instance instanceof JobFunction function) {
      return Task.persistable(className, function);
    }
    Runnable runnable = (Runnable) instance;
    return Task.persistable(className, context -> runnable.run());
  }

  private static Task resolveStaticMethod(String reference, String className, String methodName) {
    Class<?> type;
    try {
      type = loadClass(className);
    } catch (ClassNotFoundException | LinkageError e) {
      return Task.unresolved(reference, "class " + className + " not found");
    }
    List<Method> candidates = new ArrayList<>();
    for (Method method : type.getMethods()) {
      if (method.getName().equals(methodName) && Modifier.isStatic(method.getModifiers())) {
        candidates.add(method);
      }
    }
    if (candidates.isEmpty()) {
      return Task.unresolved(
          reference, "class " + className + " has no public static method '" + methodName + "'");
    }
    return Task.persistable(reference, new StaticMethodFunction(reference, candidates));
  }

  /** Calls a static method, choosing the overload that fits the run's arguments. */
  private record StaticMethodFunction(String reference, List<Method> overloads)
      implements JobFunction {

    @Override
    public void run(JobContext context) throws Exception {
      call(context);
    }

    @Override
    public Object call(JobContext context) throws Exception {
      List<Object> args = context.args();
      for (Method method : overloads) {
        Class<?>[] types = method.getParameterTypes();
        Object[] values;
        if (types.length == 1 && types[0] == JobContext.class) {
          values = new Object[] {context};
        } else if (types.length == args.size()) {
          values = ArgumentConversion.convert(args, types);
          if (values == null) {
            continue;
          }
        } else {
          continue;
        }
        try {
          return method.invoke(null, values);
        } catch (InvocationTargetException e) {
          if (e.getCause() instanceof Exception cause) {
            throw cause;
          }
          throw e;
        }
      }
      throw new SchedulerException(
          "No overload of "
              + reference
              + " takes "
              + args.size()
              + " argument(s) "
              + args
              + " or a JobContext");
    }
  }
}
