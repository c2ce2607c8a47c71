package dev.apscheduler.spring.boot.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.Scheduler;
import dev.apscheduler.spring.boot.actuate.SchedulerJobStatistics;
import dev.apscheduler.spring.boot.autoconfigure.SchedulerAutoConfiguration;
import dev.apscheduler.spring.boot.autoconfigure.SchedulerEndpointAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** When the dashboard is configured, and when it is not. */
class DashboardAutoConfigurationTests {

  private static final AutoConfigurations CONFIGURATIONS =
      AutoConfigurations.of(
          SchedulerAutoConfiguration.class,
          SchedulerEndpointAutoConfiguration.class,
          DashboardAutoConfiguration.class);

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(CONFIGURATIONS)
          .withPropertyValues("apscheduler.auto-startup=false");

  @Test
  void offByDefault() {
    runner.run(
        context ->
            assertThat(context)
                .hasNotFailed()
                .hasSingleBean(Scheduler.class)
                .doesNotHaveBean(DashboardController.class)
                .doesNotHaveBean(DashboardService.class));
  }

  @Test
  void enabledInAServletApplicationServesTheApiAndFiles() {
    runner
        .withPropertyValues("apscheduler.dashboard.enabled=true")
        .run(
            context -> {
              assertThat(context)
                  .hasNotFailed()
                  .hasSingleBean(DashboardController.class)
                  .hasSingleBean(DashboardService.class)
                  .hasSingleBean(DashboardActivity.class)
                  .hasSingleBean(SchedulerJobStatistics.class)
                  .hasSingleBean(DashboardAutoConfiguration.DashboardResources.class);
              DashboardProperties properties = context.getBean(DashboardProperties.class);
              assertThat(properties.getPath()).isEqualTo("/apscheduler");
              assertThat(properties.isReadOnly()).isTrue();
            });
  }

  @Test
  void notInANonWebApplication() {
    new ApplicationContextRunner()
        .withConfiguration(CONFIGURATIONS)
        .withPropertyValues("apscheduler.auto-startup=false", "apscheduler.dashboard.enabled=true")
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(Scheduler.class)
                    .doesNotHaveBean(DashboardController.class));
  }

  @Test
  void notWithoutSpringMvc() {
    runner
        .withPropertyValues("apscheduler.dashboard.enabled=true")
        .withClassLoader(new FilteredClassLoader("org.springframework.web.servlet"))
        .run(context -> assertThat(context).doesNotHaveBean(DashboardController.class));
  }

  @Test
  void notWithoutAScheduler() {
    runner
        .withPropertyValues("apscheduler.dashboard.enabled=true", "apscheduler.enabled=false")
        .run(
            context ->
                assertThat(context)
                    .hasNotFailed()
                    .doesNotHaveBean(Scheduler.class)
                    .doesNotHaveBean(DashboardController.class));
  }

  @Test
  void theApplicationsOwnBeansWin() {
    runner
        .withPropertyValues("apscheduler.dashboard.enabled=true")
        .withUserConfiguration(OwnActivity.class)
        .run(
            context ->
                assertThat(context.getBean(DashboardActivity.class))
                    .isSameAs(context.getBean(OwnActivity.class).activity));
  }

  @Test
  void aPathThatIsNotAPathFailsWithTheRule() {
    runner
        .withPropertyValues("apscheduler.dashboard.enabled=true", "apscheduler.dashboard.path=ops/")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("apscheduler.dashboard.path: 'ops/' is not a valid path")
                    .hasMessageContaining("such as /apscheduler"));
  }

  @Test
  void aNativeImageKeepsThePageFiles() {
    RuntimeHints hints = new RuntimeHints();
    new DashboardAutoConfiguration.PageFiles().registerHints(hints, getClass().getClassLoader());
    for (String file : new String[] {"index.html", "assets/app.js", "assets/style.css"}) {
      assertThat(
              RuntimeHintsPredicates.resource().forResource(DashboardController.RESOURCES + file))
          .accepts(hints);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnActivity {
    final DashboardActivity activity = new DashboardActivity();

    @Bean
    DashboardActivity ownActivity() {
      return activity;
    }
  }
}
