package dev.apscheduler.store;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Containers for the store tests, for a contributor with a Docker engine but without the local
 * services: started once per test JVM on first use and removed by Testcontainers when it ends. Used
 * by {@link TestServices} only when no address is configured and nothing listens on the service's
 * default local port.
 *
 * <p>Thread-safe (each container starts at most once).
 */
final class Containers {

  private Containers() {}

  /** Whether a Docker engine answers; false (never an exception) when there is none. */
  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** A PostgreSQL container's address. */
  static synchronized TestServices.Service postgres() {
    PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
    container.start();
    return new TestServices.Service(
        container.getJdbcUrl(), container.getUsername(), container.getPassword());
  }

  /** A MariaDB container's address. */
  static synchronized TestServices.Service mariadb() {
    MariaDBContainer container = new MariaDBContainer("mariadb:11");
    container.start();
    return new TestServices.Service(
        container.getJdbcUrl(), container.getUsername(), container.getPassword());
  }

  /** A Redis container's address. */
  static synchronized TestServices.Service redis() {
    GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
    container.start();
    return new TestServices.Service(
        "redis://" + container.getHost() + ":" + container.getMappedPort(6379), "", "");
  }
}
