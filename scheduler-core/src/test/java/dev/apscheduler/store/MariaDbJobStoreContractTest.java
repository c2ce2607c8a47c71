package dev.apscheduler.store;

import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class MariaDbJobStoreContractTest extends JdbcStoreContractTest {

  private static final String TABLE = JdbcContractSupport.uniqueTableName();
  private static DataSource dataSource;

  @BeforeAll
  static void connect() {
    dataSource = TestServices.mariadb();
  }

  @AfterAll
  static void dropTable() {
    if (dataSource != null) {
      JdbcContractSupport.dropTable(dataSource, TABLE);
    }
  }

  @Override
  protected DataSource dataSource() {
    return dataSource;
  }

  @Override
  protected String table() {
    return TABLE;
  }
}
