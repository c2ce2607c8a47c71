package dev.apscheduler;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The reflection behind class and static-method task references: loading a named class without
 * running its static initialiser, making a task of a class or of a static method it declares, and
 * telling whether an object's class can be made again from its name. Whether a reference may be
 * resolved at all is {@link TaskRegistry}'s decision, taken before anything is loaded.
 *
 * <p>Stateless and thread-safe.
 */
final class TaskClasses {

  private TaskClasses() {}

  /**
   * What a class of task objects is, worked out once per class (adding many jobs of one lambda
   * costs no reflection and no new string each).
   *
   * @param rebuildable whether a store can make the object again from its class name
   * @param reference the class name if rebuildable, else a description for display
   */
  record TaskClass(boolean rebuildable, String reference) {}

  private static final ClassValue<TaskClass> TASK_CLASSES =
      new ClassValue<>() {
        @Override
        protected TaskClass computeValue(Class<?> type) {
          return isRebuildable(type)
              ? new TaskClass(true, type.getName())
              : new TaskClass(false, describe(type));
        }
      };

  /** What {@code type}, the class of a task object the application gave, is. */
  static TaskClass of(Class<?> type) {
    return TASK_CLASSES.get(type);
  }

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

  /**
   * Loads a class by name without initialising it: its static initialiser runs only when the task
   * is first run (or, for a class task, made).
   */
  private static Class<?> loadClass(String className) throws ClassNotFoundException {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader != null) {
      try {
        return Class.forName(className, false, loader);
      } catch (ClassNotFoundException e) {
        // fall through to this library's loader
      }
    }
    return Class.forName(className, false, TaskClasses.class.getClassLoader());
  }

  /** A task of a class that implements {@link JobFunction} or {@link Runnable}. */
  static Task resolveClass(String className) {
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
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
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

  /**
   * A task of the public static method {@code methodName} declared by {@code className} itself (not
   * one it inherits, which may live in another package).
   */
  static Task resolveStaticMethod(String reference, String className, String methodName) {
    Class<?> type;
    try {
      type = loadClass(className);
    } catch (ClassNotFoundException | LinkageError e) {
      return Task.unresolved(reference, "class " + className + " not found");
    }
    List<Method> candidates = new ArrayList<>();
    try {
      for (Method method : type.getMethods()) {
        if (method.getName().equals(methodName)
            && method.getDeclaringClass() == type
            && Modifier.isStatic(method.getModifiers())) {
          candidates.add(method);
        }
      }
    } catch (LinkageError e) {
      return Task.unresolved(reference, "class " + className + " cannot be read: " + e);
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
