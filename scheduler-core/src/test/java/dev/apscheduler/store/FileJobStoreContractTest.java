package dev.apscheduler.store;

import java.nio.file.Path;
import java.time.Instant;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;

class FileJobStoreContractTest extends JobStoreContractTest {

  @TempDir static Path directory;

  @Override
  protected JobStore newStore() {
    return JobStores.file(directory.resolve("jobs"));
  }

  @Override
  protected boolean persistent() {
    return true;
  }

  @Override
  protected void writeRawDocument(String id, Instant nextRunTime, String json) {
    JdbcDataSource sameFile = new JdbcDataSource();
    sameFile.setURL("jdbc:h2:file:" + directory.resolve("jobs").toAbsolutePath());
    JdbcContractSupport.insertRaw(sameFile, "apscheduler_jobs", id, nextRunTime, json);
  }
}
