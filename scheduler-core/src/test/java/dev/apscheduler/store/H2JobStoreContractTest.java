package dev.apscheduler.store;

import dev.apscheduler.store.jdbc.JdbcJobStore;
import java.time.Instant;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;

class H2JobStoreContractTest extends JobStoreContractTest {

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
  protected JobStore newStore() {
    return JdbcJobStore.builder(DATA_SOURCE).tableName(TABLE).build();
  }

  @Override
  protected boolean persistent() {
    return true;
  }

  @Override
  protected void writeRawDocument(String id, Instant nextRunTime, String json) {
    JdbcContractSupport.insertRaw(DATA_SOURCE, TABLE, id, nextRunTime, json);
  }
}
