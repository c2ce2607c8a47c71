package dev.apscheduler.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.spring.boot.actuate.DefaultJobRunObservationConvention;
import dev.apscheduler.spring.boot.actuate.SchedulerEndpoint;
import dev.apscheduler.spring.boot.actuate.SchedulerEndpointWebExtension;
import dev.apscheduler.spring.boot.actuate.SchedulerHealthIndicator;
import dev.apscheduler.spring.boot.actuate.SchedulerJobStatistics;
import dev.apscheduler.spring.boot.actuate.SchedulerMetrics;
import dev.apscheduler.trigger.DateTrigger;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The optional actuator, health, metrics and observation parts, and their absence. */
class SchedulerActuatorAutoConfigurationTests {

  private static final AutoConfigurations SCHEDULER =
      AutoConfigurations.of(
          SchedulerAutoConfiguration.class,
          SchedulerEndpointAutoConfiguration.class,
          SchedulerHealthContributorAutoConfiguration.class,
          SchedulerMetricsAutoConfiguration.class,
          SchedulerObservationAutoConfiguration.class);

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(SCHEDULER)
          .withConfiguration(
              AutoConfigurations.of(
                  EndpointAutoConfiguration.class,
                  HealthContributorAutoConfiguration.class,
                  MetricsAutoConfiguration.class,
                  CompositeMeterRegistryAutoConfiguration.class,
                  SimpleMetricsExportAutoConfiguration.class,
                  ObservationAutoConfiguration.class))
          .withPropertyValues(
              "spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=scheduler");

  @Test
  void everythingIsConfiguredWhenTheActuatorAndMicrometerArePresent() {
    runner.run(
        context ->
            assertThat(context)
                .hasNotFailed()
                .hasSingleBean(SchedulerEndpoint.class)
                .hasSingleBean(SchedulerJobStatistics.class)
                .hasSingleBean(SchedulerHealthIndicator.class)
                .hasSingleBean(SchedulerMetrics.class)
                .hasBean("schedulerHealthIndicator")
                .hasBean("schedulerObservationCustomizer"));
  }

  @Test
  void theWebExtensionNeedsWebExposure() {
    new WebApplicationContextRunner()
        .withConfiguration(SCHEDULER)
        .withConfiguration(
            AutoConfigurations.of(
                EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class))
        .withPropertyValues("management.endpoints.web.exposure.include=scheduler")
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(SchedulerEndpoint.class)
                    .hasSingleBean(SchedulerEndpointWebExtension.class));
    runner.run(context -> assertThat(context).doesNotHaveBean(SchedulerEndpointWebExtension.class));
  }

  @Test
  void theEndpointBacksOffWhenNotExposedOrWithoutAccess() {
    runner
        .withPropertyValues("management.endpoints.jmx.exposure.include=health")
        .run(context -> assertThat(context).doesNotHaveBean(SchedulerEndpoint.class));
    runner
        .withPropertyValues("management.endpoint.scheduler.access=NONE")
        .run(context -> assertThat(context).doesNotHaveBean(SchedulerEndpoint.class));
  }

  @Test
  void theHealthIndicatorCanBeDisabled() {
    runner
        .withPropertyValues("management.health.scheduler.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SchedulerHealthIndicator.class));
  }

  @Test
  void withoutTheActuatorThereIsNoEndpointOrHealthButMetricsRemain() {
    new ApplicationContextRunner()
        .withConfiguration(SCHEDULER)
        .withConfiguration(
            AutoConfigurations.of(
                MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class))
        .withClassLoader(
            new FilteredClassLoader(
                "org.springframework.boot.actuate", "org.springframework.boot.health"))
        .run(
            context ->
                assertThat(context)
                    .hasNotFailed()
                    .hasSingleBean(Scheduler.class)
                    .doesNotHaveBean(SchedulerEndpoint.class)
                    .doesNotHaveBean(SchedulerHealthIndicator.class)
                    .hasSingleBean(SchedulerMetrics.class));
  }

  @Test
  void withoutMicrometerThereAreNoMetersAndNoObservations() {
    new ApplicationContextRunner()
        .withConfiguration(SCHEDULER)
        .withConfiguration(
            AutoConfigurations.of(
                EndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class))
        .withPropertyValues(
            "spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=scheduler")
        .withClassLoader(new FilteredClassLoader("io.micrometer"))
        .run(
            context ->
                assertThat(context)
                    .hasNotFailed()
                    .hasSingleBean(Scheduler.class)
                    .hasSingleBean(SchedulerEndpoint.class)
                    .doesNotHaveBean(SchedulerMetrics.class)
                    .doesNotHaveBean("schedulerObservationCustomizer"));
  }

  @Test
  void withoutAMeterRegistryThereAreNoMeters() {
    new ApplicationContextRunner()
        .withConfiguration(SCHEDULER)
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(Scheduler.class)
                    .doesNotHaveBean(SchedulerMetrics.class)
                    .doesNotHaveBean("schedulerObservationCustomizer"));
  }

  @Test
  void disabledMeansNoActuatorPartsEither() {
    runner
        .withPropertyValues("apscheduler.enabled=false")
        .run(
            context ->
                assertThat(context)
                    .doesNotHaveBean(SchedulerEndpoint.class)
                    .doesNotHaveBean(SchedulerHealthIndicator.class)
                    .doesNotHaveBean(SchedulerMetrics.class)
                    .doesNotHaveBean("schedulerObservationCustomizer"));
  }

  @Test
  void eachJobRunIsObserved() {
    runner
        .withUserConfiguration(ObservationRecorderConfiguration.class)
        .run(
            context -> {
              Scheduler scheduler = context.getBean(Scheduler.class);
              scheduler.addJob(
                  JobSpec.builder()
                      .id("observed")
                      .task(() -> {})
                      .trigger(DateTrigger.of(ZonedDateTime.now()))
                      .build());
              ObservationRecorder recorder = context.getBean(ObservationRecorder.class);
              await()
                  .atMost(Duration.ofSeconds(10))
                  .until(() -> recorder.stopped.contains(DefaultJobRunObservationConvention.NAME));
              assertThat(recorder.jobIds).contains("observed");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class ObservationRecorderConfiguration {
    @Bean
    ObservationRecorder observationRecorder() {
      return new ObservationRecorder();
    }

    @Bean
    org.springframework.boot.micrometer.observation.autoconfigure.ObservationRegistryCustomizer<
            ObservationRegistry>
        recorderCustomizer(ObservationRecorder recorder) {
      return registry -> registry.observationConfig().observationHandler(recorder);
    }
  }

  static class ObservationRecorder implements ObservationHandler<Observation.Context> {
    final List<String> stopped = new CopyOnWriteArrayList<>();
    final List<String> jobIds = new CopyOnWriteArrayList<>();

    @Override
    public void onStop(Observation.Context context) {
      stopped.add(context.getName());
      var id = context.getHighCardinalityKeyValue("job.id");
      if (id != null) {
        jobIds.add(id.getValue());
      }
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }
  }
}
