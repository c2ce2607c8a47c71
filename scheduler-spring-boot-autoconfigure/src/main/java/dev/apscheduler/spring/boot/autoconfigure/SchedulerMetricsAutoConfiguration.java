package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.Scheduler;
import dev.apscheduler.spring.boot.actuate.SchedulerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the scheduler's Micrometer meters ({@link SchedulerMetrics}) when the application
 * has a {@link MeterRegistry}.
 */
@AutoConfiguration(
    after = SchedulerAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean({Scheduler.class, MeterRegistry.class})
public final class SchedulerMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  SchedulerMetrics schedulerMetrics(Scheduler scheduler) {
    return new SchedulerMetrics(scheduler);
  }
}
