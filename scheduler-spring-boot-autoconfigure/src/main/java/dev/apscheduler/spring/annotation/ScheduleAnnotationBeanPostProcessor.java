package dev.apscheduler.spring.annotation;

import dev.apscheduler.JobContext;
import dev.apscheduler.JobSpec;
import dev.apscheduler.LostRunPolicy;
import dev.apscheduler.RetryPolicy;
import dev.apscheduler.Scheduler;
import dev.apscheduler.SchedulerOptions;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import dev.apscheduler.trigger.Trigger;
import dev.apscheduler.trigger.cron.CronTrigger;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.EmbeddedValueResolverAware;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.StringValueResolver;

/**
 * Turns bean methods annotated with {@link IntervalSchedule}, {@link DateSchedule} or {@link
 * CronSchedule} into jobs of the application's {@link Scheduler}. Methods are collected as beans
 * are initialized; their jobs are added once all singletons exist (before the scheduler starts), or
 * at once for beans created later. Each job's task is the reference {@code beanName::methodName},
 * resolved by {@link BeanMethodTaskResolver}, and an existing job with the same id (from a
 * persistent store) is replaced.
 *
 * <p>Thread-safe.
 */
public final class ScheduleAnnotationBeanPostProcessor
    implements BeanPostProcessor,
        ApplicationListener<ContextRefreshedEvent>,
        ApplicationContextAware,
        EmbeddedValueResolverAware {

  private static final Logger LOG =
      LoggerFactory.getLogger(ScheduleAnnotationBeanPostProcessor.class);

  private static final List<Class<? extends Annotation>> TYPES =
      List.of(IntervalSchedule.class, DateSchedule.class, CronSchedule.class);

  private final Object monitor = new Object();
  // @GuardedBy("monitor")
  private final List<AnnotatedJob> pending = new ArrayList<>();
  // @GuardedBy("monitor") where each job id comes from
  private final Map<String, String> origins = new HashMap<>();
  // @GuardedBy("monitor")
  private Scheduler scheduler;

  private ApplicationContext applicationContext;
  private StringValueResolver values = text -> text;

  @Override
  public void setApplicationContext(ApplicationContext applicationContext) {
    this.applicationContext = applicationContext;
  }

  @Override
  public void setEmbeddedValueResolver(StringValueResolver resolver) {
    this.values = resolver;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof AopInfrastructureBean || bean instanceof Scheduler) {
      return bean;
    }
    Map<Method, List<Annotation>> annotated =
        annotatedMethods(AopProxyUtils.ultimateTargetClass(bean));
    annotated.forEach(
        (method, annotations) -> {
          checkParameters(method, annotations.get(0));
          for (Annotation annotation : annotations) {
            collect(new AnnotatedJob(beanName, method, annotation));
          }
        });
    return bean;
  }

  /** The methods of {@code type} with schedule annotations, each with its annotations. */
  static Map<Method, List<Annotation>> annotatedMethods(Class<?> type) {
    if (!AnnotationUtils.isCandidateClass(type, TYPES)) {
      return Map.of();
    }
    return MethodIntrospector.selectMethods(
        type,
        (MethodIntrospector.MetadataLookup<List<Annotation>>)
            method -> {
              List<Annotation> found = new ArrayList<>();
              for (Class<? extends Annotation> annotationType : TYPES) {
                Annotation annotation =
                    AnnotatedElementUtils.findMergedAnnotation(method, annotationType);
                if (annotation != null) {
                  found.add(annotation);
                }
              }
              return found.isEmpty() ? null : found;
            });
  }

  private void collect(AnnotatedJob job) {
    String id = id(job);
    String origin = job.beanName() + "::" + job.method().getName();
    Scheduler target;
    synchronized (monitor) {
      String previous = origins.putIfAbsent(id, origin);
      if (previous != null) {
        if (previous.equals(origin)) {
          return;
        }
        throw new IllegalStateException(
            "@"
                + job.annotation().annotationType().getSimpleName()
                + " on "
                + job.describe()
                + ": job id '"
                + id
                + "' is already used by "
                + previous
                + "; give each scheduled method a distinct id");
      }
      target = scheduler;
      if (target == null) {
        pending.add(job);
        return;
      }
    }
    add(target, job);
  }

  @Override
  public void onApplicationEvent(ContextRefreshedEvent event) {
    if (event.getApplicationContext() != applicationContext) {
      return;
    }
    List<AnnotatedJob> jobs;
    Scheduler target;
    synchronized (monitor) {
      if (scheduler != null) {
        return;
      }
      jobs = new ArrayList<>(pending);
      pending.clear();
      target = applicationContext.getBeanProvider(Scheduler.class).getIfUnique();
      if (target == null) {
        if (!jobs.isEmpty()) {
          throw new IllegalStateException(
              "Methods are annotated with @IntervalSchedule, @DateSchedule or @CronSchedule, but"
                  + " the application has no single Scheduler bean to run them: "
                  + jobs.stream().map(AnnotatedJob::describe).toList());
        }
        return;
      }
      scheduler = target;
    }
    for (AnnotatedJob job : jobs) {
      add(target, job);
    }
  }

  private void add(Scheduler target, AnnotatedJob job) {
    JobSpec spec;
    try {
      spec = spec(job, target.options().timezone());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "@"
              + job.annotation().annotationType().getSimpleName()
              + " on "
              + job.describe()
              + ": "
              + e.getMessage(),
          e);
    }
    target.addJob(spec);
    LOG.debug("Scheduled {} as job '{}' ({})", job.describe(), spec.id(), spec.trigger());
  }

  private static void checkParameters(Method method, Annotation annotation) {
    Class<?>[] types = method.getParameterTypes();
    if (types.length == 0 || (types.length == 1 && types[0] == JobContext.class)) {
      return;
    }
    throw new IllegalStateException(
        "@"
            + annotation.annotationType().getSimpleName()
            + " method "
            + method.toGenericString()
            + " must take no parameter or a single JobContext");
  }

  private String id(AnnotatedJob job) {
    String id = resolve(attributes(job).getString("id"));
    return id.isEmpty() ? job.beanName() + "." + job.method().getName() : id;
  }

  private JobSpec spec(AnnotatedJob job, ZoneId schedulerZone) {
    AnnotationAttributes attributes = attributes(job);
    JobSpec.Builder spec =
        JobSpec.builder()
            .id(id(job))
            .task(BeanMethodTaskResolver.reference(job.beanName(), job.method()))
            .trigger(trigger(job.annotation(), attributes, schedulerZone))
            .replaceExisting(true)
            .maxInstances(attributes.getNumber("maxInstances").intValue())
            .paused(attributes.getBoolean("paused"));
    ifSet(attributes, "name", spec::name);
    ifSet(attributes, "jobStore", spec::jobStore);
    ifSet(attributes, "misfireGraceTime", text -> spec.misfireGraceTime(duration(text)));
    ifSet(attributes, "coalesce", text -> spec.coalesce(bool("coalesce", text)));
    int maxRuns = attributes.getNumber("maxRuns").intValue();
    if (maxRuns != SchedulerOptions.UNLIMITED_RUNS) {
      spec.maxRuns(maxRuns);
    }
    Retry retry = (Retry) attributes.get("retry");
    if (retry.maxAttempts() != 0) {
      spec.retry(retryPolicy(retry));
    }
    spec.onLost((LostRunPolicy) attributes.get("onLost"));
    return spec.build();
  }

  private RetryPolicy retryPolicy(Retry retry) {
    String maxDelay = resolve(retry.maxDelay());
    RetryPolicy policy =
        RetryPolicy.of(
            retry.maxAttempts(),
            duration(resolve(retry.delay())),
            retry.multiplier(),
            maxDelay.isEmpty() ? null : duration(maxDelay),
            retry.jitter());
    return retry.retryOn().length == 0 ? policy : policy.retryingOn(retry.retryOn());
  }

  private Trigger trigger(
      Annotation annotation, AnnotationAttributes attributes, ZoneId schedulerZone) {
    String zoneText = resolve(attributes.getString("timezone"));
    ZoneId zone = zoneText.isEmpty() ? schedulerZone : zone(zoneText);
    if (annotation instanceof DateSchedule) {
      String runDate = resolve(attributes.getString("runDate"));
      return DateTrigger.of(runDate, zone);
    }
    if (annotation instanceof IntervalSchedule) {
      IntervalTrigger.Builder trigger =
          IntervalTrigger.builder()
              .weeks(attributes.getNumber("weeks").longValue())
              .days(attributes.getNumber("days").longValue())
              .hours(attributes.getNumber("hours").longValue())
              .minutes(attributes.getNumber("minutes").longValue())
              .seconds(attributes.getNumber("seconds").longValue())
              .timezone(zone);
      ifSet(attributes, "interval", text -> trigger.interval(duration(text)));
      ifSet(attributes, "startDate", trigger::startDate);
      ifSet(attributes, "endDate", trigger::endDate);
      ifSet(attributes, "jitter", text -> trigger.jitter(duration(text)));
      return trigger.build();
    }
    CronTrigger.Builder trigger = CronTrigger.builder().timezone(zone);
    ifSet(attributes, "crontab", trigger::crontab);
    ifSet(attributes, "year", trigger::year);
    ifSet(attributes, "month", trigger::month);
    ifSet(attributes, "day", trigger::day);
    ifSet(attributes, "week", trigger::week);
    ifSet(attributes, "dayOfWeek", trigger::dayOfWeek);
    ifSet(attributes, "hour", trigger::hour);
    ifSet(attributes, "minute", trigger::minute);
    ifSet(attributes, "second", trigger::second);
    ifSet(attributes, "startDate", trigger::startDate);
    ifSet(attributes, "endDate", trigger::endDate);
    ifSet(attributes, "jitter", text -> trigger.jitter(duration(text)));
    return trigger.build();
  }

  private void ifSet(AnnotationAttributes attributes, String attribute, Consumer<String> use) {
    String text = resolve(attributes.getString(attribute));
    if (!text.isEmpty()) {
      use.accept(text);
    }
  }

  private String resolve(String text) {
    if (text.isEmpty()) {
      return text;
    }
    String resolved = values.resolveStringValue(text);
    return resolved == null ? "" : resolved.trim();
  }

  private static AnnotationAttributes attributes(AnnotatedJob job) {
    return AnnotationUtils.getAnnotationAttributes(job.annotation(), false, false);
  }

  private static Duration duration(String text) {
    try {
      return DurationStyle.detectAndParse(text, ChronoUnit.SECONDS);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; use for example 30s, 500ms, 5m or PT30S", e);
    }
  }

  private static boolean bool(String attribute, String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              attribute + ": '" + text + "' is not valid; expected true or false");
    };
  }

  private static ZoneId zone(String text) {
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "timezone: '" + text + "' is not a time zone id such as UTC or Europe/Berlin", e);
    }
  }

  /** One schedule annotation on one bean method. */
  private record AnnotatedJob(String beanName, Method method, Annotation annotation) {
    String describe() {
      return method.getDeclaringClass().getName()
          + "."
          + method.getName()
          + " (bean '"
          + beanName
          + "')";
    }
  }
}
