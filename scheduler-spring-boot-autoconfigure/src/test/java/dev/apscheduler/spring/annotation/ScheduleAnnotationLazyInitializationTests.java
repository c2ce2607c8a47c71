package dev.apscheduler.spring.annotation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.spring.boot.autoconfigure.SchedulerAutoConfiguration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** With {@code spring.main.lazy-initialization=true}, annotated jobs still exist and run. */
class ScheduleAnnotationLazyInitializationTests {

  private final ApplicationContextRunner lazyRunner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SchedulerAutoConfiguration.class))
          .withInitializer(
              context ->
                  context.addBeanFactoryPostProcessor(
                      new LazyInitializationBeanFactoryPostProcessor()))
          .withUserConfiguration(LazyJobsConfiguration.class);

  @Test
  void aBeanWithAnnotatedJobsIsCreatedAndItsJobRuns() {
    lazyRunner.run(
        context -> {
          assertThat(context.getBeanFactory().getBeanDefinition("plainBean").isLazyInit()).isTrue();
          assertThat(context.getBeanFactory().containsSingleton("plainBean")).isFalse();
          assertThat(context.getBeanFactory().containsSingleton("lazyJobs")).isTrue();

          assertThat(LazyJobs.RAN.await(10, TimeUnit.SECONDS)).isTrue();
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class LazyJobsConfiguration {
    @Bean
    LazyJobs lazyJobs() {
      return new LazyJobs();
    }

    @Bean
    Object plainBean() {
      return new Object();
    }
  }

  static class LazyJobs {
    static final CountDownLatch RAN = new CountDownLatch(1);

    @DateSchedule(id = "lazy-now", runDate = "2020-01-01", misfireGraceTime = "PT876000H")
    public void now() {
      RAN.countDown();
    }
  }
}
