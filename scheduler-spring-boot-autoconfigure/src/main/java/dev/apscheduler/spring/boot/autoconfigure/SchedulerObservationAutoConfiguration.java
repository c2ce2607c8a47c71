package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.spring.boot.actuate.ObservationJobRunInterceptor;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures a Micrometer {@code Observation} around each job run of the auto-configured
 * scheduler ({@link ObservationJobRunInterceptor}) when the application has an {@link
 * ObservationRegistry}.
 */
@AutoConfiguration(
    afterName =
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
@ConditionalOnBooleanProperty(name = "apscheduler.enabled", matchIfMissing = true)
@ConditionalOnBean(ObservationRegistry.class)
public final class SchedulerObservationAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "schedulerObservationCustomizer")
  SchedulerBuilderCustomizer schedulerObservationCustomizer(ObservationRegistry registry) {
    return builder -> builder.runInterceptor(new ObservationJobRunInterceptor(registry));
  }
}
