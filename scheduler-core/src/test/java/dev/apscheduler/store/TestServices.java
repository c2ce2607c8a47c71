package dev.apscheduler.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The external services of the store tests: PostgreSQL, MariaDB and Redis. Addresses come from
 * {@code APSCHEDULER_TEST_POSTGRES_URL}, {@code APSCHEDULER_TEST_POSTGRES_USER}, {@code
 * APSCHEDULER_TEST_MARIADB_URL}, {@code APSCHEDULER_TEST_MARIADB_USER}, {@code
 * APSCHEDULER_TEST_REDIS_URL} (passwords from the matching {@code ..._PASSWORD}), else the local
 * defaults. A service that cannot be reached skips the test, except under {@code CI=true}, where it
 * fails it.
 */
public final class TestServices {

  private TestServices() {}

  /** The PostgreSQL URL of the tests. */
  public static String postgresUrl() {
    return env("APSCHEDULER_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  }

  /** A data source for the test PostgreSQL database; skips (or fails on CI) if unreachable. */
  public static PGSimpleDataSource postgres(String applicationName) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(postgresUrl());
    ds.setUser(postgresUser());
    ds.setPassword(postgresPassword());
    ds.setApplicationName(applicationName);
    ds.setConnectTimeout(5);
    requireReachable("PostgreSQL", postgresUrl(), ds);
    return ds;
  }

  /** The user of the test PostgreSQL database. */
  public static String postgresUser() {
    return env("APSCHEDULER_TEST_POSTGRES_USER", "postgres");
  }

  /** The password of the test PostgreSQL database. */
  public static String postgresPassword() {
    return env("APSCHEDULER_TEST_POSTGRES_PASSWORD", "");
  }

  /** The MariaDB URL of the tests. */
  public static String mariadbUrl() {
    return env("APSCHEDULER_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test");
  }

  /** The user of the test MariaDB database. */
  public static String mariadbUser() {
    return env("APSCHEDULER_TEST_MARIADB_USER", "root");
  }

  /** The password of the test MariaDB database. */
  public static String mariadbPassword() {
    return env("APSCHEDULER_TEST_MARIADB_PASSWORD", "");
  }

  /** A data source for the test MariaDB database; skips (or fails on CI) if unreachable. */
  public static DataSource mariadb() {
    String url = mariadbUrl();
    MariaDbDataSource ds;
    try {
      ds = new MariaDbDataSource(url);
      ds.setUser(mariadbUser());
      ds.setPassword(mariadbPassword());
    } catch (SQLException e) {
      throw new IllegalStateException("Bad MariaDB test URL " + url, e);
    }
    requireReachable("MariaDB", url, ds);
    return ds;
  }

  /** The Redis URI of the tests; skips (or fails on CI) if Redis is unreachable. */
  public static String redisUrl() {
    String url = env("APSCHEDULER_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    URI uri = URI.create(url);
    int port = uri.getPort() < 0 ? 6379 : uri.getPort();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), 2000);
    } catch (IOException e) {
      unavailable("Redis", url, e);
    }
    return url;
  }

  private static void requireReachable(String service, String url, DataSource ds) {
    try (Connection c = ds.getConnection()) {
      c.isValid(2);
    } catch (SQLException e) {
      unavailable(service, url, e);
    }
  }

  private static void unavailable(String service, String address, Exception cause) {
    missing(
        service
            + " is not reachable at "
            + address
            + " ("
            + cause.getMessage()
            + "); start it or point the APSCHEDULER_TEST_* variables at one",
        cause);
  }

  /**
   * Skips the test (fails it under {@code CI=true}) unless {@code present}.
   *
   * @param what what the test needs of the service, and how to provide it
   */
  public static void require(boolean present, String what) {
    if (!present) {
      missing("The test needs " + what, null);
    }
  }

  private static void missing(String message, Exception cause) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message + " [CI=true: a missing service fails the build]", cause);
    }
    Assumptions.abort(message);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
