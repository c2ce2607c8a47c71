package dev.apscheduler.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Schedulers start after Flyway, Liquibase and SQL initialization, the application's own too. */
class SchedulerDatabaseInitializationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataSourceAutoConfiguration.class, SchedulerAutoConfiguration.class));

  @Test
  void aJdbcStoreUsesTheTableFlywayCreatedFromTheShippedSchema() {
    runner
        .withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:flyway-store;DB_CLOSE_DELAY=-1",
            "spring.flyway.locations=classpath:dev/apscheduler/spring/boot/autoconfigure/flyway",
            "apscheduler.jobstores.default.type=jdbc",
            "apscheduler.jobstores.default.initialize-schema=never")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(dependsOn(context, "scheduler")).contains("flywayInitializer");
              Scheduler scheduler = context.getBean(Scheduler.class);
              scheduler.addJob(
                  JobSpec.builder()
                      .id("migrated")
                      .task("schedulerLifecycle::isRunning")
                      .trigger(IntervalTrigger.of(Duration.ofHours(1)))
                      .build());
              JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
              assertThat(
                      jdbc.queryForObject(
                          "SELECT COUNT(*) FROM apscheduler_jobs WHERE id = 'migrated'",
                          Integer.class))
                  .isEqualTo(1);
              assertThat(
                      jdbc.queryForObject(
                          "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '1' AND \"success\"",
                          Integer.class))
                  .isEqualTo(1);
            });
  }

  @Test
  void anApplicationsOwnSchedulerWaitsForTheSqlInitializer() {
    runner
        .withConfiguration(AutoConfigurations.of(DataSourceInitializationAutoConfiguration.class))
        .withUserConfiguration(OwnScheduler.class)
        .withPropertyValues("spring.datasource.url=jdbc:h2:mem:own-scheduler;DB_CLOSE_DELAY=-1")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(dependsOn(context, "ownScheduler"))
                  .contains("dataSourceScriptDatabaseInitializer");
            });
  }

  private static List<String> dependsOn(ConfigurableApplicationContext context, String bean) {
    String[] names = context.getBeanFactory().getBeanDefinition(bean).getDependsOn();
    return names == null ? List.of() : Arrays.asList(names);
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnScheduler {
    @Bean
    Scheduler ownScheduler() {
      return Scheduler.builder().build();
    }
  }
}
