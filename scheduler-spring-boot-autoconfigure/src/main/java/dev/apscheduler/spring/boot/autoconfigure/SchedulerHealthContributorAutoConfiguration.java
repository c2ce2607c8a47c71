package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.Scheduler;
import dev.apscheduler.spring.boot.actuate.SchedulerHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures the {@code scheduler} health indicator when Spring Boot's health support is on
 * the classpath and {@code management.health.scheduler.enabled} is not false. The indicator's
 * condition sits on a nested configuration, so that its condition class is only loaded when the
 * health support is present.
 */
@AutoConfiguration(after = SchedulerAutoConfiguration.class)
@ConditionalOnClass(
    name = {
      "org.springframework.boot.health.contributor.HealthIndicator",
      "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator"
    })
@ConditionalOnBean(Scheduler.class)
public final class SchedulerHealthContributorAutoConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnEnabledHealthIndicator("scheduler")
  static class HealthIndicatorConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "schedulerHealthIndicator")
    SchedulerHealthIndicator schedulerHealthIndicator(Scheduler scheduler) {
      return new SchedulerHealthIndicator(scheduler);
    }
  }
}
