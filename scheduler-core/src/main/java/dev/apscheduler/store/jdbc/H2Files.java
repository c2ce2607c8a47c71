package dev.apscheduler.store.jdbc;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The only class of the JDBC store that touches H2: loaded only for the file store, after {@link
 * JdbcJobStore#file} has checked that H2 is on the classpath.
 *
 * <p>Stateless and thread-safe.
 */
final class H2Files {

  private static final String H2_SUFFIX = ".mv.db";

  private H2Files() {}

  /**
   * A data source for the H2 database file at {@code path}. Commits reach the file at once ({@code
   * WRITE_DELAY=0}), so a process that is killed loses no committed job.
   *
   * @throws IllegalArgumentException for a path H2 cannot take in a URL
   */
  static DataSource dataSource(Path path) {
    String file = path.toAbsolutePath().normalize().toString();
    if (file.endsWith(H2_SUFFIX)) {
      file = file.substring(0, file.length() - H2_SUFFIX.length());
    }
    if (file.indexOf(';') >= 0) {
      throw new IllegalArgumentException(
          "path: '" + path + "' contains ';', which an H2 database URL cannot hold; use another");
    }
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:file:" + file + ";WRITE_DELAY=0");
    return dataSource;
  }
}
