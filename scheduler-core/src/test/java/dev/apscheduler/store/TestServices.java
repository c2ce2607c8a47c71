package dev.apscheduler.store;

import static org.junit.jupiter.api.Assertions.fail;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The services of the store tests: PostgreSQL, MariaDB and Redis, and an in-process MongoDB.
 * Addresses come from {@code APSCHEDULER_TEST_POSTGRES_URL}, {@code
 * APSCHEDULER_TEST_POSTGRES_USER}, {@code APSCHEDULER_TEST_MARIADB_URL}, {@code
 * APSCHEDULER_TEST_MARIADB_USER}, {@code APSCHEDULER_TEST_REDIS_URL} (passwords from the matching
 * {@code ..._PASSWORD}); else the local defaults when they listen; else, when a Docker engine
 * answers, {@link Containers}. A service that cannot be reached skips the test, except under {@code
 * CI=true}, where it fails it.
 */
public final class TestServices {

  private TestServices() {}

  /**
   * Where a service is: its URL, user and password.
   *
   * @param url the JDBC URL or Redis URI
   * @param user the user (empty for none)
   * @param password the password (empty for none)
   */
  record Service(String url, String user, String password) {}

  private static final Map<String, Service> SERVICES = new ConcurrentHashMap<>();

  private static Service postgresService() {
    return SERVICES.computeIfAbsent(
        "APSCHEDULER_TEST_POSTGRES",
        prefix ->
            locate(
                prefix,
                new Service("jdbc:postgresql://127.0.0.1:5432/test", "postgres", ""),
                5432,
                Containers::dockerAvailable,
                Containers::postgres));
  }

  private static Service mariadbService() {
    return SERVICES.computeIfAbsent(
        "APSCHEDULER_TEST_MARIADB",
        prefix ->
            locate(
                prefix,
                new Service("jdbc:mariadb://127.0.0.1:3306/test", "root", ""),
                3306,
                Containers::dockerAvailable,
                Containers::mariadb));
  }

  private static Service redisService() {
    return SERVICES.computeIfAbsent(
        "APSCHEDULER_TEST_REDIS",
        prefix ->
            locate(
                prefix,
                new Service("redis://127.0.0.1:6379", "", ""),
                6379,
                Containers::dockerAvailable,
                Containers::redis));
  }

  /**
   * Where the tests find a service: the {@code <prefix>_URL} (with {@code _USER}, {@code
   * _PASSWORD}) variables when set; else the local default when something listens on its port or no
   * Docker engine answers (an unreachable service then skips, or fails under CI); else a container.
   */
  static Service locate(
      String prefix,
      Service local,
      int localPort,
      BooleanSupplier dockerAvailable,
      Supplier<Service> container) {
    String url = System.getenv(prefix + "_URL");
    if (url != null && !url.isBlank()) {
      return new Service(
          url, env(prefix + "_USER", local.user()), env(prefix + "_PASSWORD", local.password()));
    }
    if (listening(localPort) || !dockerAvailable.getAsBoolean()) {
      return local;
    }
    return container.get();
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The in-process MongoDB wire-protocol server that the tests of this JVM share, started once. */
  private static final class InProcessMongo {
    static final String URL = new MongoServer(new MemoryBackend()).bindAndGetConnectionString();
  }

  /**
   * The connection string of an in-process MongoDB server (mongo-java-server) that the tests of
   * this JVM share; each test uses collections of its own.
   */
  public static String mongoUrl() {
    return InProcessMongo.URL;
  }

  /** The PostgreSQL URL of the tests. */
  public static String postgresUrl() {
    return postgresService().url();
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
    return postgresService().user();
  }

  /** The password of the test PostgreSQL database. */
  public static String postgresPassword() {
    return postgresService().password();
  }

  /** The MariaDB URL of the tests. */
  public static String mariadbUrl() {
    return mariadbService().url();
  }

  /** The user of the test MariaDB database. */
  public static String mariadbUser() {
    return mariadbService().user();
  }

  /** The password of the test MariaDB database. */
  public static String mariadbPassword() {
    return mariadbService().password();
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
    String url = redisService().url();
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
