package dev.apscheduler.demo;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A PostgreSQL container whose address becomes the application's DataSource through a service
 * connection. Needs a Docker engine; Testcontainers starts the container when the DataSource is
 * first asked for its connection details, and Spring stops it with the context.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PostgresContainerConfiguration {

  /** The image the demo is tried against. */
  static final String IMAGE = "postgres:17-alpine";

  @Bean
  @ServiceConnection
  PostgreSQLContainer postgres() {
    return new PostgreSQLContainer(IMAGE);
  }
}
