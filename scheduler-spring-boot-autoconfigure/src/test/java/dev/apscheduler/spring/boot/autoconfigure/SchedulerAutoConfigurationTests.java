package dev.apscheduler.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.Job;
import dev.apscheduler.JobSpec;
import dev.apscheduler.RetryPolicy;
import dev.apscheduler.Scheduler;
import dev.apscheduler.SchedulerOptions;
import dev.apscheduler.SchedulerState;
import dev.apscheduler.event.SchedulerListener;
import dev.apscheduler.spring.annotation.BeanMethodTaskResolver;
import dev.apscheduler.spring.annotation.ScheduleAnnotationBeanPostProcessor;
import dev.apscheduler.spring.boot.actuate.ForwardingJobStore;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.MemoryJobStore;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

class SchedulerAutoConfigurationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  LifecycleAutoConfiguration.class, SchedulerAutoConfiguration.class));

  @Test
  void autoStartupFalseLeavesTheSchedulerForTheApplicationToStart() {
    runner
        .withPropertyValues("apscheduler.auto-startup=false")
        .run(
            context -> {
              Scheduler scheduler = context.getBean(Scheduler.class);
              assertThat(context.getBean(SchedulerLifecycle.class).isAutoStartup()).isFalse();
              assertThat(scheduler.state()).isEqualTo(SchedulerState.STOPPED);
              scheduler.start();
              assertThat(scheduler.state()).isEqualTo(SchedulerState.RUNNING);
            });
  }

  @Test
  void standaloneModeIsRefusedBecauseItWouldHoldTheStartUpThread() {
    runner
        .withPropertyValues("apscheduler.standalone=true")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidSchedulerPropertyException.class)
                    .hasMessageContaining("apscheduler.standalone")
                    .hasMessageContaining("start-up thread"));
  }

  @Test
  void retryPropertiesBecomeTheDefaultRetryOfJobsThatSetNone() {
    runner
        .withPropertyValues(
            "apscheduler.retry.max-attempts=3",
            "apscheduler.retry.initial-delay=5s",
            "apscheduler.retry.multiplier=2",
            "apscheduler.retry.jitter=0.5",
            "apscheduler.retry.retry-on=java.io.IOException")
        .run(
            context ->
                assertThat(context.getBean(Scheduler.class).options().defaultRetry())
                    .isEqualTo(
                        RetryPolicy.exponential(3, Duration.ofSeconds(5), 2, Duration.ofSeconds(10))
                            .withJitter(0.5)
                            .retryingOn(java.io.IOException.class)));
  }

  @Test
  void aRetryPropertyOutOfRangeFailsStartupNamingIt() {
    runner
        .withPropertyValues("apscheduler.retry.max-attempts=0")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidSchedulerPropertyException.class)
                    .hasMessageContaining("apscheduler.retry.max-attempts: '0' is not valid")
                    .hasMessageContaining("1 or more"));
  }

  @Test
  void defaultsGiveARunningSchedulerWithTheCoreDefaults() {
    runner.run(
        context -> {
          assertThat(context)
              .hasSingleBean(Scheduler.class)
              .hasSingleBean(SchedulerProperties.class)
              .hasSingleBean(SchedulerLifecycle.class)
              .hasSingleBean(SchedulerEventPublisher.class)
              .hasSingleBean(BeanMethodTaskResolver.class)
              .hasSingleBean(ScheduleAnnotationBeanPostProcessor.class);
          Scheduler scheduler = context.getBean(Scheduler.class);
          assertThat(scheduler.state()).isEqualTo(SchedulerState.RUNNING);
          SchedulerOptions options = scheduler.options();
          SchedulerOptions defaults = SchedulerOptions.defaults();
          assertThat(options).isEqualTo(defaults);
          assertThat(scheduler.jobStores()).containsOnlyKeys("default");
          assertThat(scheduler.jobStores().get("default")).isInstanceOf(MemoryJobStore.class);
        });
  }

  @Test
  void propertyDefaultsEqualTheCoreDefaults() {
    SchedulerProperties properties = new SchedulerProperties();
    assertThat(properties.isEnabled()).isTrue();
    assertThat(properties.getMisfireGraceTime())
        .isEqualTo(SchedulerOptions.DEFAULT_MISFIRE_GRACE_TIME);
    assertThat(properties.isCoalesce()).isEqualTo(SchedulerOptions.DEFAULT_COALESCE);
    assertThat(properties.isStandalone()).isEqualTo(SchedulerOptions.DEFAULT_STANDALONE);
    assertThat(properties.isDaemonic()).isEqualTo(SchedulerOptions.DEFAULT_DAEMONIC);
    assertThat(properties.getTimezone()).isNull();
    assertThat(properties.getThreadpool().getCoreThreads())
        .isEqualTo(SchedulerOptions.DEFAULT_CORE_THREADS);
    assertThat(properties.getThreadpool().getMaxThreads())
        .isEqualTo(SchedulerOptions.DEFAULT_MAX_THREADS);
    assertThat(properties.getThreadpool().getKeepalive())
        .isEqualTo(SchedulerOptions.DEFAULT_KEEP_ALIVE);
    assertThat(properties.getJobstores()).isEmpty();
  }

  @Test
  void kebabCasePropertiesConfigureTheScheduler() {
    runner
        .withPropertyValues(
            "apscheduler.misfire-grace-time=30",
            "apscheduler.coalesce=true",
            "apscheduler.daemonic=false",
            "apscheduler.timezone=Europe/Berlin",
            "apscheduler.threadpool.core-threads=2",
            "apscheduler.threadpool.max-threads=5",
            "apscheduler.threadpool.keepalive=500ms")
        .run(
            context -> {
              SchedulerOptions options = context.getBean(Scheduler.class).options();
              assertThat(options.misfireGraceTime()).isEqualTo(Duration.ofSeconds(30));
              assertThat(options.coalesce()).isTrue();
              assertThat(options.daemonic()).isFalse();
              assertThat(options.timezone()).isEqualTo(ZoneId.of("Europe/Berlin"));
              assertThat(options.coreThreads()).isEqualTo(2);
              assertThat(options.maxThreads()).isEqualTo(5);
              assertThat(options.keepAlive()).isEqualTo(Duration.ofMillis(500));
              assertThat(context.getBean(Scheduler.class).executor().maxThreads()).isEqualTo(5);
            });
  }

  @Test
  void theGuidesUnderscoreSpellingBindsToo() {
    runner
        .withPropertyValues(
            "apscheduler.misfire_grace_time=7",
            "apscheduler.threadpool.core_threads=1",
            "apscheduler.threadpool.max_threads=3",
            "apscheduler.jobstores.default.type=memory",
            "apscheduler.jobstores.other_store.type=memory")
        .run(
            context -> {
              SchedulerProperties properties = context.getBean(SchedulerProperties.class);
              assertThat(properties.getMisfireGraceTime()).isEqualTo(Duration.ofSeconds(7));
              assertThat(properties.getThreadpool().getCoreThreads()).isEqualTo(1);
              assertThat(properties.getThreadpool().getMaxThreads()).isEqualTo(3);
              Scheduler scheduler = context.getBean(Scheduler.class);
              assertThat(scheduler.options().misfireGraceTime()).isEqualTo(Duration.ofSeconds(7));
              assertThat(scheduler.jobStores()).containsKeys("default", "other_store");
            });
  }

  @Test
  void memoryStoresAreCreatedUnderTheirAliases() {
    runner
        .withPropertyValues(
            "apscheduler.jobstores.default.type=memory", "apscheduler.jobstores.fast.type=MEMORY")
        .run(
            context -> {
              Map<String, JobStore> stores = context.getBean(Scheduler.class).jobStores();
              assertThat(stores).containsOnlyKeys("default", "fast");
              assertThat(stores.values()).allMatch(MemoryJobStore.class::isInstance);
            });
  }

  @Test
  void aCustomJobStoreClassIsCreatedWithItsOptions() {
    runner
        .withPropertyValues(
            "apscheduler.jobstores.custom.class=" + OptionsJobStore.class.getName(),
            "apscheduler.jobstores.custom.table-name=my_jobs",
            "apscheduler.jobstores.custom.url=custom://here")
        .run(
            context -> {
              JobStore store = context.getBean(Scheduler.class).jobStores().get("custom");
              assertThat(store).isInstanceOf(OptionsJobStore.class);
              assertThat(((OptionsJobStore) store).options)
                  .containsEntry("table-name", "my_jobs")
                  .containsEntry("url", "custom://here");
            });
  }

  @Test
  void aUserSchedulerMakesTheAutoConfiguredOneBackOffButIsStillStarted() {
    runner
        .withUserConfiguration(UserSchedulerConfiguration.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(Scheduler.class);
              Scheduler scheduler = context.getBean(Scheduler.class);
              assertThat(scheduler).isSameAs(context.getBean("mySchedulerBean"));
              assertThat(scheduler.options().maxThreads()).isEqualTo(3);
              assertThat(scheduler.state()).isEqualTo(SchedulerState.RUNNING);
            });
  }

  @Test
  void everyBeanBacksOffForTheApplicationsOwn() {
    runner
        .withUserConfiguration(UserLifecycleConfiguration.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(SchedulerLifecycle.class);
              assertThat(context.getBean(SchedulerLifecycle.class))
                  .isSameAs(context.getBean("myLifecycle"));
              assertThat(context.getBean(BeanMethodTaskResolver.class))
                  .isSameAs(context.getBean("myResolver"));
              assertThat(context.getBean(SchedulerEventPublisher.class))
                  .isSameAs(context.getBean("myPublisher"));
            });
  }

  @Test
  void disabledMeansNoSchedulerAtAll() {
    runner
        .withPropertyValues("apscheduler.enabled=false")
        .run(
            context ->
                assertThat(context)
                    .doesNotHaveBean(Scheduler.class)
                    .doesNotHaveBean(SchedulerProperties.class)
                    .doesNotHaveBean(SchedulerLifecycle.class)
                    .doesNotHaveBean(ScheduleAnnotationBeanPostProcessor.class));
  }

  @Test
  void withoutTheCoreOnTheClasspathNothingIsConfigured() {
    runner
        .withClassLoader(new FilteredClassLoader(Scheduler.class))
        .run(context -> assertThat(context).doesNotHaveBean(SchedulerProperties.class));
  }

  @Test
  void worksWithoutActuatorMicrometerJacksonOrJdbcOnTheClasspath() {
    runner
        .withClassLoader(
            new FilteredClassLoader(
                "org.springframework.boot.actuate",
                "org.springframework.boot.health",
                "io.micrometer",
                "tools.jackson",
                "com.fasterxml.jackson",
                "org.springframework.jdbc",
                "org.springframework.boot.jdbc",
                "org.springframework.boot.sql",
                "javax.sql"))
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(Scheduler.class);
              assertThat(context.getBean(Scheduler.class).state())
                  .isEqualTo(SchedulerState.RUNNING);
            });
  }

  @Test
  void customizersAndResolversApplyInOrder() {
    runner
        .withUserConfiguration(CustomizerConfiguration.class)
        .run(
            context -> {
              CustomizerConfiguration configuration =
                  context.getBean(CustomizerConfiguration.class);
              assertThat(configuration.calls).containsExactly("first", "second");
              Scheduler scheduler = context.getBean(Scheduler.class);
              assertThat(scheduler.options().maxThreads()).isEqualTo(4);
              assertThat(scheduler.tasks().resolve("custom:thing").isResolved()).isTrue();
            });
  }

  @Test
  void schedulerListenerBeansAreAddedBeforeStart() {
    runner
        .withUserConfiguration(ListenerConfiguration.class)
        .run(
            context -> {
              ListenerConfiguration configuration = context.getBean(ListenerConfiguration.class);
              assertThat(configuration.events).contains("SCHEDULER_START");
            });
  }

  @Test
  void closingTheContextShutsTheSchedulerDown() {
    runner.run(
        context -> {
          Scheduler scheduler = context.getBean(Scheduler.class);
          Job job =
              scheduler.addJob(
                  JobSpec.builder()
                      .id("ticker")
                      .task(() -> {})
                      .trigger(IntervalTrigger.of(Duration.ofHours(1)))
                      .build());
          assertThat(job.nextRunTime()).isNotNull();
          context.close();
          assertThat(scheduler.state()).isEqualTo(SchedulerState.SHUT_DOWN);
        });
  }

  /** A custom store that records the options it was created with. */
  public static final class OptionsJobStore extends ForwardingJobStore {
    final Map<String, Object> options;

    public OptionsJobStore(Map<String, Object> options) {
      this.options = options;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserSchedulerConfiguration {
    @Bean
    Scheduler mySchedulerBean() {
      return Scheduler.builder().threadPool(0, 3, Duration.ofSeconds(1)).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserLifecycleConfiguration {
    @Bean
    SchedulerLifecycle myLifecycle(Scheduler scheduler) {
      return new SchedulerLifecycle(scheduler, List.of(), Duration.ofSeconds(30));
    }

    @Bean
    BeanMethodTaskResolver myResolver(org.springframework.beans.factory.BeanFactory beanFactory) {
      return new BeanMethodTaskResolver(beanFactory);
    }

    @Bean
    SchedulerEventPublisher myPublisher(
        org.springframework.context.ApplicationEventPublisher publisher) {
      return new SchedulerEventPublisher(publisher);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class CustomizerConfiguration {
    final List<String> calls = new ArrayList<>();

    @Bean
    @Order(2)
    SchedulerBuilderCustomizer second() {
      return builder -> {
        calls.add("second");
        builder.threadPool(0, 4, Duration.ofSeconds(1));
      };
    }

    @Bean
    @Order(1)
    SchedulerBuilderCustomizer first() {
      return builder -> {
        calls.add("first");
        builder.threadPool(0, 2, Duration.ofSeconds(1));
      };
    }

    @Bean
    dev.apscheduler.TaskRegistry.Resolver customResolver() {
      return reference ->
          reference.startsWith("custom:") ? Optional.of(context -> {}) : Optional.empty();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ListenerConfiguration {
    final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Bean
    SchedulerListener recordingListener() {
      return event -> events.add(event.type().name());
    }
  }
}
