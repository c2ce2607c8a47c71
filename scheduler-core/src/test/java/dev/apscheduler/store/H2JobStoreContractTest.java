package dev.apscheduler.store;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;

class H2JobStoreContractTest extends JdbcStoreContractTest {

  private static final String TABLE = JdbcContractSupport.uniqueTableName();
  private static final JdbcDataSource DATA_SOURCE = new JdbcDataSource();

  static {
    DATA_SOURCE.setURL("jdbc:h2:mem:" + TABLE + ";DB_CLOSE_DELAY=-1");
  }

  @AfterAll
  static void dropTable() {
    JdbcContractSupport.dropTable(DATA_SOURCE, TABLE);
  }

  @Override
  protected DataSource dataSource() {
    return DATA_SOURCE;
  }

  @Override
  protected String table() {
    return TABLE;
  }
}
