package dev.apscheduler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The container path of {@link TestDemoApplication} as far as it goes without a Docker engine: the
 * container bean becomes the application's JDBC connection details. Beans stay lazy, so nothing
 * starts the container.
 */
class PostgresContainerConfigurationTests {

  @Test
  void theContainerBecomesTheApplicationsJdbcConnectionDetails() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ServiceConnectionAutoConfiguration.class))
        .withUserConfiguration(PostgresContainerConfiguration.class)
        .withInitializer(
            context ->
                context.addBeanFactoryPostProcessor(
                    new LazyInitializationBeanFactoryPostProcessor()))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBeanNamesForType(PostgreSQLContainer.class, true, false))
                  .containsExactly("postgres");
              assertThat(context.getBeanNamesForType(JdbcConnectionDetails.class, true, false))
                  .hasSize(1);
              assertThat(
                      context
                          .getBeanFactory()
                          .getBeanDefinition("postgres")
                          .getResolvableType()
                          .toClass())
                  .isEqualTo(PostgreSQLContainer.class);
            });
  }
}
