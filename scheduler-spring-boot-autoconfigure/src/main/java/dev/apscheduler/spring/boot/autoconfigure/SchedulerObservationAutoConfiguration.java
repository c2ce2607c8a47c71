package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.spring.boot.actuate.DefaultJobRunObservationConvention;
import dev.apscheduler.spring.boot.actuate.JobRunObservationConvention;
import dev.apscheduler.spring.boot.actuate.ObservationJobRunInterceptor;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures a Micrometer {@code Observation} around each job run of the auto-configured
 * scheduler ({@link ObservationJobRunInterceptor}) when the application has an {@link
 * ObservationRegistry}; a {@link JobRunObservationConvention} bean replaces the default convention.
 * With Boot's metrics, the observation is the run timer.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration"
    })
@ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
@ConditionalOnBooleanProperty(name = "apscheduler.enabled", matchIfMissing = true)
@ConditionalOnBean(ObservationRegistry.class)
@EnableConfigurationProperties(SchedulerMetricsProperties.class)
public final class SchedulerObservationAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "schedulerObservationCustomizer")
  SchedulerBuilderCustomizer schedulerObservationCustomizer(
      ObservationRegistry registry,
      ObjectProvider<JobRunObservationConvention> conventions,
      SchedulerMetricsProperties properties) {
    return builder -> builder.runInterceptor(interceptor(registry, conventions, properties));
  }

  /** The interceptor observing runs in {@code registry} with the application's convention. */
  static ObservationJobRunInterceptor interceptor(
      ObservationRegistry registry,
      ObjectProvider<JobRunObservationConvention> conventions,
      SchedulerMetricsProperties properties) {
    return new ObservationJobRunInterceptor(
        registry,
        conventions.getIfUnique(),
        new DefaultJobRunObservationConvention(properties.getJobTag()));
  }
}
