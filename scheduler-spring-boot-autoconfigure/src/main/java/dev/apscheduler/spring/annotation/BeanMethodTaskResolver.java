package dev.apscheduler.spring.annotation;

import dev.apscheduler.JobContext;
import dev.apscheduler.JobFunction;
import dev.apscheduler.SchedulerException;
import dev.apscheduler.TaskRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Resolves task references of the form {@code beanName::method} to a method of a bean, so that jobs
 * in persistent stores can run bean methods after a restart. The bean is looked up at each run. Of
 * the methods with that name, a run calls the one whose parameters match the job's positional
 * arguments (converted with Spring's default conversion service where needed), else one taking a
 * {@link JobContext}, else one taking no parameter when the job has no arguments. A reference whose
 * bean does not exist is left to the other resolvers. A reference read from a store runs only if
 * the application gave it in code (annotated jobs do) or the bean's class is in a package allowed
 * for stored task references ({@code apscheduler.allowed-task-packages}), so that a row naming,
 * say, {@code jdbcTemplate::execute} runs nothing.
 *
 * <p>Thread-safe.
 */
public final class BeanMethodTaskResolver implements TaskRegistry.Resolver {

  private static final String SEPARATOR = "::";

  private final BeanFactory beanFactory;

  /** Creates a resolver of the beans of {@code beanFactory}. */
  public BeanMethodTaskResolver(BeanFactory beanFactory) {
    this.beanFactory = Objects.requireNonNull(beanFactory, "beanFactory");
  }

  /** The reference of {@code method} of the bean named {@code beanName}. */
  public static String reference(String beanName, Method method) {
    return beanName + SEPARATOR + method.getName();
  }

  @Override
  public Optional<JobFunction> resolve(String reference) {
    int separator = reference.indexOf(SEPARATOR);
    if (separator <= 0) {
      return Optional.empty();
    }
    String beanName = reference.substring(0, separator);
    String methodName = reference.substring(separator + SEPARATOR.length());
    if (!beanFactory.containsBean(beanName)) {
      return Optional.empty();
    }
    Class<?> type = beanFactory.getType(beanName);
    if (type == null) {
      return Optional.empty();
    }
    List<Method> candidates = new ArrayList<>();
    for (Method method : ReflectionUtils.getUniqueDeclaredMethods(ClassUtils.getUserClass(type))) {
      if (method.getName().equals(methodName) && !method.isBridge()) {
        candidates.add(method);
      }
    }
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new BeanMethodFunction(beanFactory, reference, beanName, candidates));
  }

  /** Allows a stored reference only to a bean whose class is in an allowed package. */
  @Override
  public boolean allowsStored(String reference, Predicate<String> allowedClass) {
    String beanName = reference.substring(0, reference.indexOf(SEPARATOR));
    Class<?> type = beanFactory.getType(beanName);
    return type != null && allowedClass.test(ClassUtils.getUserClass(type).getName());
  }

  /** Calls a bean method, choosing the overload that fits the run's arguments. */
  private record BeanMethodFunction(
      BeanFactory beanFactory, String reference, String beanName, List<Method> overloads)
      implements JobFunction {

    private static final ConversionService CONVERSION =
        DefaultConversionService.getSharedInstance();

    @Override
    public void run(JobContext context) throws Exception {
      call(context);
    }

    @Override
    public Object call(JobContext context) throws Exception {
      Object bean = beanFactory.getBean(beanName);
      List<Object> args = context.args();
      for (Method method : overloads) {
        Object[] values = arguments(method, args);
        if (values != null) {
          return invoke(bean, method, values);
        }
      }
      for (Method method : overloads) {
        Class<?>[] types = method.getParameterTypes();
        if (types.length == 1 && types[0] == JobContext.class) {
          return invoke(bean, method, new Object[] {context});
        }
      }
      throw new SchedulerException(
          "No method "
              + reference
              + " takes the "
              + args.size()
              + " argument(s) "
              + args
              + " or a JobContext; candidates: "
              + overloads.stream().map(Method::toGenericString).toList());
    }

    /** The arguments converted to the method's parameter types, or null if they do not fit. */
    private static Object[] arguments(Method method, List<Object> args) {
      Class<?>[] types = method.getParameterTypes();
      if (types.length != args.size()) {
        return null;
      }
      Object[] values = new Object[types.length];
      for (int i = 0; i < types.length; i++) {
        Object arg = args.get(i);
        Class<?> type = ClassUtils.resolvePrimitiveIfNecessary(types[i]);
        if (arg == null) {
          if (types[i].isPrimitive()) {
            return null;
          }
        } else if (type.isInstance(arg)) {
          values[i] = arg;
        } else if (CONVERSION.canConvert(arg.getClass(), type)) {
          try {
            values[i] = CONVERSION.convert(arg, type);
          } catch (ConversionException e) {
            return null;
          }
        } else {
          return null;
        }
      }
      return values;
    }

    private static Object invoke(Object bean, Method method, Object[] values) throws Exception {
      Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
      ReflectionUtils.makeAccessible(invocable);
      try {
        return invocable.invoke(bean, values);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        throw e;
      }
    }

    @Override
    public String toString() {
      return reference + " " + Arrays.toString(overloads.toArray());
    }
  }
}
