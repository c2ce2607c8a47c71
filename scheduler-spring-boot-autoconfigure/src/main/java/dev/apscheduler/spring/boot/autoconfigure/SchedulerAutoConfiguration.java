package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.Scheduler;
import dev.apscheduler.SchedulerBuilder;
import dev.apscheduler.TaskRegistry;
import dev.apscheduler.event.SchedulerListener;
import dev.apscheduler.spring.annotation.BeanMethodTaskResolver;
import dev.apscheduler.spring.annotation.ScheduleAnnotationBeanPostProcessor;
import dev.apscheduler.spring.annotation.ScheduleAnnotationLazyInitializationExcludeFilter;
import dev.apscheduler.store.JacksonJsonCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configures a {@link Scheduler} from the {@code apscheduler.*} properties, starts it with the
 * application context and stops it gracefully, publishes its events as application events and
 * schedules {@code @IntervalSchedule}, {@code @DateSchedule} and {@code @CronSchedule} bean
 * methods. A {@code Scheduler} bean of the application's own replaces the auto-configured one (it
 * is still started, stopped and given the annotated jobs); {@code apscheduler.enabled=false} turns
 * it all off. A single {@link Clock} bean becomes the scheduler's clock (tests inject a {@code
 * MutableClock}); {@code spring.threads.virtual.enabled=true} runs jobs on virtual threads.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
      "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
      "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration"
    })
@ConditionalOnClass(Scheduler.class)
@ConditionalOnBooleanProperty(name = "apscheduler.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SchedulerProperties.class)
public final class SchedulerAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  BeanMethodTaskResolver beanMethodTaskResolver(BeanFactory beanFactory) {
    return new BeanMethodTaskResolver(beanFactory);
  }

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  @DependsOnDatabaseInitialization
  Scheduler scheduler(
      SchedulerProperties properties,
      BeanFactory beanFactory,
      ObjectProvider<TaskRegistry.Resolver> resolvers,
      ObjectProvider<SchedulerBuilderCustomizer> customizers,
      ObjectProvider<Clock> clocks) {
    SchedulerBuilder builder = Scheduler.builder();
    applyOptions(properties, builder);
    applyHistory(properties.getHistory(), builder);
    allowTaskPackages(properties, beanFactory, builder);
    clocks.ifUnique(builder::clock);
    new SchedulerJobStores(beanFactory)
        .create(properties.getJobstores(), properties.getCluster())
        .forEach(builder::jobStore);
    resolvers.orderedStream().forEach(builder::taskResolver);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  /** Jobs run on virtual threads when Spring Boot's are on (Java 21 or newer). */
  @Bean
  @ConditionalOnBooleanProperty("spring.threads.virtual.enabled")
  @ConditionalOnMissingBean(name = "schedulerVirtualThreadsCustomizer")
  SchedulerBuilderCustomizer schedulerVirtualThreadsCustomizer() {
    return new SchedulerVirtualThreadsCustomizer();
  }

  @Bean
  @ConditionalOnMissingBean
  SchedulerLifecycle schedulerLifecycle(
      Scheduler scheduler,
      ObjectProvider<SchedulerListener> listeners,
      ObjectProvider<LifecycleProperties> lifecycle,
      SchedulerProperties properties) {
    Duration shutdownTimeout =
        lifecycle.getIfAvailable(LifecycleProperties::new).getTimeoutPerShutdownPhase();
    return new SchedulerLifecycle(
        scheduler,
        listeners.orderedStream().toList(),
        shutdownTimeout,
        properties.isAutoStartup(),
        startupDelay(properties));
  }

  @Bean
  @ConditionalOnMissingBean
  SchedulerEventPublisher schedulerEventPublisher(ApplicationEventPublisher publisher) {
    return new SchedulerEventPublisher(publisher);
  }

  @Bean
  @ConditionalOnMissingBean
  static ScheduleAnnotationBeanPostProcessor scheduleAnnotationBeanPostProcessor() {
    return new ScheduleAnnotationBeanPostProcessor();
  }

  /** Beans with annotated jobs stay eager under {@code spring.main.lazy-initialization}. */
  @Bean
  static LazyInitializationExcludeFilter scheduleAnnotationLazyInitializationExcludeFilter() {
    return new ScheduleAnnotationLazyInitializationExcludeFilter();
  }

  /**
   * Orders the scheduler after the application's database initializers (Flyway, Liquibase, SQL
   * scripts), so a jdbc store finds its database migrated.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name =
          "org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer")
  @Import(DatabaseInitializationDependencyConfigurer.class)
  static class DatabaseInitializationConfiguration {}

  private static Duration startupDelay(SchedulerProperties properties) {
    Duration delay = properties.getStartupDelay();
    if (delay == null || delay.isNegative()) {
      throw new InvalidSchedulerPropertyException(
          "apscheduler.startup-delay", delay, "a duration that is not negative");
    }
    return delay;
  }

  private static void applyOptions(SchedulerProperties properties, SchedulerBuilder builder) {
    Duration misfireGraceTime = properties.getMisfireGraceTime();
    if (misfireGraceTime == null || misfireGraceTime.isNegative()) {
      throw new InvalidSchedulerPropertyException(
          "apscheduler.misfire-grace-time", misfireGraceTime, "a duration that is not negative");
    }
    if (properties.isStandalone()) {
      throw new InvalidSchedulerPropertyException(
          "apscheduler.standalone",
          true,
          "false: under Spring Boot the scheduler runs on a thread of its own, and standalone mode"
              + " would hold the context's start-up thread until no job is left (use"
              + " Scheduler.builder().standalone(true) outside Spring)");
    }
    SchedulerProperties.Threadpool pool = properties.getThreadpool();
    if (pool.getCoreThreads() < 0) {
      throw new InvalidSchedulerPropertyException(
          "apscheduler.threadpool.core-threads",
          pool.getCoreThreads(),
          "a whole number of 0 or more");
    }
    if (pool.getMaxThreads() < 1 || pool.getMaxThreads() < pool.getCoreThreads()) {
      throw new InvalidSchedulerPropertyException(
          "apscheduler.threadpool.max-threads",
          pool.getMaxThreads(),
          "a whole number of at least 1 and at least apscheduler.threadpool.core-threads ("
              + pool.getCoreThreads()
              + ")");
    }
    if (pool.getKeepalive() == null || pool.getKeepalive().isNegative()) {
      throw new InvalidSchedulerPropertyException(
          "apscheduler.threadpool.keepalive",
          pool.getKeepalive(),
          "a duration that is not negative");
    }
    builder
        .misfireGraceTime(misfireGraceTime)
        .coalesce(properties.isCoalesce())
        .daemonic(properties.isDaemonic())
        .threadPool(pool.getCoreThreads(), pool.getMaxThreads(), pool.getKeepalive())
        .defaultRetry(properties.getRetry().toPolicy());
    if (properties.getTimezone() != null) {
      builder.timezone(properties.getTimezone());
    }
  }

  /**
   * Sets the run history from {@code apscheduler.history.*}: the retention first (the builder turns
   * history on with it), then whether history is kept at all.
   */
  private static void applyHistory(RunHistoryProperties history, SchedulerBuilder builder) {
    Duration maxAge = history.getMaxAge();
    if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
      throw new InvalidSchedulerPropertyException(
          "apscheduler.history.max-age", maxAge, "a positive duration such as 7d, 12h or 30m");
    }
    if (history.getMaxRunsPerJob() < 1) {
      throw new InvalidSchedulerPropertyException(
          "apscheduler.history.max-runs-per-job",
          history.getMaxRunsPerJob(),
          "a whole number of 1 or more");
    }
    builder.runHistoryRetention(maxAge, history.getMaxRunsPerJob()).runHistory(history.isEnabled());
  }

  /**
   * Allows the packages of {@code apscheduler.allowed-task-packages}, by default the application's
   * base package ({@link AutoConfigurationPackages}), to be run by stored jobs.
   */
  private static void allowTaskPackages(
      SchedulerProperties properties, BeanFactory beanFactory, SchedulerBuilder builder) {
    List<String> packages = properties.getAllowedTaskPackages();
    if (packages == null) {
      packages =
          AutoConfigurationPackages.has(beanFactory)
              ? AutoConfigurationPackages.get(beanFactory)
              : List.of();
    }
    try {
      builder.allowedTaskPackages(packages.toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      throw new InvalidSchedulerPropertyException(
          "apscheduler.allowed-task-packages",
          String.join(",", packages),
          "package names such as com.example.jobs (" + e.getMessage() + ")");
    }
  }

  /** Persistent stores write their JSON with the application's Jackson 3 {@code JsonMapper}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "tools.jackson.databind.json.JsonMapper")
  static class JacksonConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "schedulerJsonCodecCustomizer")
    SchedulerBuilderCustomizer schedulerJsonCodecCustomizer(ObjectProvider<JsonMapper> mappers) {
      return builder -> {
        JsonMapper mapper = mappers.getIfUnique();
        if (mapper != null) {
          builder.jsonCodec(JacksonJsonCodec.of(mapper));
        }
      };
    }
  }
}
