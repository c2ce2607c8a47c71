package dev.apscheduler.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** The PostgreSQL database of the JDBC scenario, and small helpers around it. */
final class Postgres {

  static final String URL =
      System.getProperty("bench.jdbcUrl", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER = System.getProperty("bench.jdbcUser", "postgres");

  private Postgres() {}

  /** A connection pool of at most {@code size} connections. */
  static HikariDataSource pool(String name, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(URL);
    config.setUsername(USER);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    return new HikariDataSource(config);
  }

  /** Runs each statement of {@code script}, separated by semicolons; comment lines are skipped. */
  static void runScript(DataSource dataSource, String script) throws SQLException {
    StringBuilder sql = new StringBuilder();
    for (String line : script.split("\n")) {
      if (!line.strip().startsWith("--")) {
        sql.append(line).append('\n');
      }
    }
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(true);
      for (String part : sql.toString().split(";")) {
        String command = part.strip();
        if (!command.isEmpty() && !command.equalsIgnoreCase("commit")) {
          statement.execute(command);
        }
      }
    }
  }

  /** A script from the class path (such as Quartz's table definitions). */
  static String resource(String path) throws IOException {
    try (InputStream in = Postgres.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("not on the class path: " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The single number a query returns. */
  static long count(DataSource dataSource, String query) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** The server's version string. */
  static String version(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return connection.getMetaData().getDatabaseProductVersion();
    }
  }
}
