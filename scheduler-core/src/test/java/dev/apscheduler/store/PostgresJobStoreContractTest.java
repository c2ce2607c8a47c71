package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresJobStoreContractTest extends JdbcStoreContractTest {

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
  protected DataSource dataSource() {
    return dataSource;
  }

  @Override
  protected String table() {
    return TABLE;
  }

  @Test
  void addJobsInClusterModeNotifiesTheOtherNodesOnce() {
    JobStore clustered =
        started(
            storeOn(faults())
                .cluster("notify-once")
                .heartbeatInterval(Duration.ofMinutes(1))
                .build(),
            tasks);
    try {
      faults().clearExecuted();

      clustered.addJobs(bulk(2_500));

      assertThat(faults().executed()).filteredOn(sql -> sql.startsWith("NOTIFY")).hasSize(1);
      assertThat(clustered.countJobs()).isEqualTo(2_500);
    } finally {
      clustered.close();
    }
  }
}
