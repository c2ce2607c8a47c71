package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.Scheduler;
import dev.apscheduler.spring.boot.actuate.SchedulerEndpoint;
import dev.apscheduler.spring.boot.actuate.SchedulerEndpointProperties;
import dev.apscheduler.spring.boot.actuate.SchedulerEndpointWebExtension;
import dev.apscheduler.spring.boot.actuate.SchedulerJobStatistics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures the {@code scheduler} actuator endpoint, its web extension and the per-job run
 * statistics it shows, when the actuator is on the classpath and the endpoint is available. The
 * endpoint condition sits on a nested configuration, so that its condition class is only loaded
 * when the actuator is present.
 */
@AutoConfiguration(after = SchedulerAutoConfiguration.class)
@ConditionalOnClass(
    name = {
      "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
      "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"
    })
@ConditionalOnBean(Scheduler.class)
public final class SchedulerEndpointAutoConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnAvailableEndpoint(SchedulerEndpoint.class)
  @EnableConfigurationProperties(SchedulerEndpointProperties.class)
  static class EndpointConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SchedulerJobStatistics schedulerJobStatistics() {
      return new SchedulerJobStatistics();
    }

    @Bean
    @ConditionalOnMissingBean
    SchedulerEndpoint schedulerEndpoint(
        Scheduler scheduler,
        SchedulerJobStatistics statistics,
        SchedulerEndpointProperties properties,
        ObjectProvider<SanitizingFunction> sanitizingFunctions) {
      return new SchedulerEndpoint(
          scheduler,
          statistics,
          properties.getShowValues(),
          sanitizingFunctions.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(SchedulerEndpoint.class)
    @ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
    SchedulerEndpointWebExtension schedulerEndpointWebExtension(
        SchedulerEndpoint endpoint, SchedulerEndpointProperties properties) {
      return new SchedulerEndpointWebExtension(
          endpoint, properties.getShowValues(), properties.getRoles());
    }
  }
}
