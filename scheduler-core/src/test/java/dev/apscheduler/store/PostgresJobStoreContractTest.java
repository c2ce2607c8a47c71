package dev.apscheduler.store;

import dev.apscheduler.store.jdbc.InitializeSchema;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresJobStoreContractTest extends JobStoreContractTest {

  private static final String TABLE = JdbcContractSupport.uniqueTableName();
  private static DataSource dataSource;

  @BeforeAll
  static void connect() {
    dataSource = TestServices.postgres("apscheduler-contract-test");
  }

  @AfterAll
  static void dropTable() {
    if (dataSource != null) {
      JdbcContractSupport.dropTable(dataSource, TABLE);
    }
  }

  @Override
  protected JobStore newStore() {
    return JdbcJobStore.builder(dataSource)
        .tableName(TABLE)
        .initializeSchema(InitializeSchema.ALWAYS)
        .build();
  }

  @Override
  protected boolean persistent() {
    return true;
  }

  @Override
  protected void writeRawDocument(String id, Instant nextRunTime, String json) {
    JdbcContractSupport.insertRaw(dataSource, TABLE, id, nextRunTime, json);
  }
}
