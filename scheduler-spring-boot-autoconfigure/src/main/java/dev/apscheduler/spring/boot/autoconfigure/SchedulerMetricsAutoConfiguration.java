package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.Scheduler;
import dev.apscheduler.spring.boot.actuate.JobMeterTags;
import dev.apscheduler.spring.boot.actuate.JobRunObservationConvention;
import dev.apscheduler.spring.boot.actuate.SchedulerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures the scheduler's Micrometer meters ({@link SchedulerMetrics}) when the application
 * has a {@link MeterRegistry}. The run timer comes from the run's {@code Observation}: without an
 * {@link ObservationRegistry} bean, runs are observed through a registry of the scheduler's own
 * that only feeds the {@code MeterRegistry}.
 */
@AutoConfiguration(
    after = {SchedulerAutoConfiguration.class, SchedulerObservationAutoConfiguration.class},
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
      "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
    })
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBooleanProperty(name = "apscheduler.enabled", matchIfMissing = true)
@ConditionalOnBean(MeterRegistry.class)
@EnableConfigurationProperties(SchedulerMetricsProperties.class)
public final class SchedulerMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  JobMeterTags schedulerJobMeterTags(SchedulerMetricsProperties properties) {
    return new JobMeterTags(properties.getJobTag());
  }

  /** Lets the tags learn each job's tag value from its runs. */
  @Bean
  @ConditionalOnMissingBean(name = "schedulerJobMeterTagsCustomizer")
  SchedulerBuilderCustomizer schedulerJobMeterTagsCustomizer(JobMeterTags tags) {
    return builder -> builder.runInterceptor(tags);
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(Scheduler.class)
  SchedulerMetrics schedulerMetrics(
      Scheduler scheduler, JobMeterTags tags, SchedulerMetricsProperties properties) {
    return new SchedulerMetrics(
        scheduler, tags, properties.getJobCountRefresh(), properties.getRemovedJobRetention());
  }

  /** Times runs when the application has meters but no observation registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(ObservationRegistry.class)
  static class MetricsOnlyObservationConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "schedulerObservationCustomizer")
    SchedulerBuilderCustomizer schedulerObservationCustomizer(
        ObjectProvider<MeterRegistry> meters,
        ObjectProvider<JobRunObservationConvention> conventions,
        SchedulerMetricsProperties properties) {
      return builder -> {
        ObservationRegistry registry = ObservationRegistry.create();
        registry
            .observationConfig()
            .observationHandler(new DefaultMeterObservationHandler(meters.getObject()));
        builder.runInterceptor(
            SchedulerObservationAutoConfiguration.interceptor(registry, conventions, properties));
      };
    }
  }
}
