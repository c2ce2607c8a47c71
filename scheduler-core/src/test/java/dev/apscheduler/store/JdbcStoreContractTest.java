package dev.apscheduler.store;

import static dev.apscheduler.store.FaultInjectingDataSource.INSERT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.store.jdbc.InitializeSchema;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract on a JDBC database, plus what the JDBC store promises beyond it: writes of several
 * statements are atomic even when the database fails between them, and a conditional update holds
 * the row against a due pass of another node. The store reaches the database through a {@link
 * FaultInjectingDataSource}.
 */
abstract class JdbcStoreContractTest extends PersistentJobStoreContractTest {

  private FaultInjectingDataSource faults;

  /** The database of this test class. */
  protected abstract DataSource dataSource();

  /** The job table of this test class. */
  protected abstract String table();

  /** The data source the store under test uses, which can break the database. */
  protected final FaultInjectingDataSource faults() {
    if (faults == null) {
      faults = new FaultInjectingDataSource(dataSource());
    }
    return faults;
  }

  /** A store on the test table of {@code ds}, not built yet. */
  protected final JdbcJobStore.Builder storeOn(DataSource ds) {
    return JdbcJobStore.builder(ds).tableName(table()).initializeSchema(InitializeSchema.ALWAYS);
  }

  @Override
  protected final JobStore newStore() {
    return storeOn(faults()).build();
  }

  @Override
  protected final void writeRawDocument(String id, Instant nextRunTime, String json) {
    JdbcContractSupport.insertRaw(dataSource(), table(), id, nextRunTime, json);
  }

  @AfterEach
  void healTheDatabase() {
    faults().heal();
  }

  /** {@code count} jobs with ids {@code bulk-0}, {@code bulk-1}..., due a second apart. */
  protected final List<Job> bulk(int count) {
    List<Job> jobs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      jobs.add(job("bulk-" + i, T0.plusSeconds(i)));
    }
    return jobs;
  }

  @Test
  void replaceJobWhoseInsertFailsLeavesTheOldJob() {
    Job old = job("a", T0);
    store.addJob(old);
    faults().breakAfter(0, INSERT);

    assertThatThrownBy(() -> store.replaceJob(job("a", T0.plusSeconds(30))))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("injected failure");

    faults().heal();
    assertThat(store.lookupJob("a")).contains(old);
    assertThat(store.getAllJobs()).containsExactly(old);
  }

  @Test
  void addJobsWritesBatchesInOneCall() {
    store.addJobs(bulk(2_500));

    assertThat(store.countJobs()).isEqualTo(2_500);
    assertThat(faults().executed()).filteredOn(INSERT).hasSizeBetween(1, 3);
    assertThat(store.getDueJobs(T0.plusSeconds(1), 10))
        .extracting(Job::id)
        .containsExactly("bulk-0", "bulk-1");
  }

  @Test
  void addJobsWhoseSecondBatchFailsAddsNone() {
    Job kept = job("kept", T0);
    store.addJob(kept);
    faults().breakAfter(1, INSERT);

    assertThatThrownBy(() -> store.addJobs(bulk(2_500)))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("injected failure");

    faults().heal();
    assertThat(store.getAllJobs()).containsExactly(kept);
  }

  @Test
  void addJobsWithAnIdTakenInALaterBatchAddsNoneAndNamesIt() {
    Job taken = job("bulk-1800", T0.plusSeconds(5));
    store.addJob(taken);

    assertThatThrownBy(() -> store.addJobs(bulk(2_500)))
        .isInstanceOf(ConflictingIdException.class)
        .hasMessageContaining("'bulk-1800'");

    assertThat(store.getAllJobs()).containsExactly(taken);
  }

  @Test
  void updateIfUnchangedHoldsTheRowAgainstADuePassOfAnotherNode() {
    Job stored = job("a", T0);
    store.addJob(stored);
    JobStore otherNode = started(storeOn(dataSource()).build(), tasks);
    AtomicInteger otherPassProcessed = new AtomicInteger(-1);
    faults()
        .afterQuery(
            sql -> sql.startsWith("SELECT id, next_run_time, document") && sql.contains("id = ?"),
            () ->
                otherPassProcessed.set(
                    otherNode.processDueJobs(
                        T0,
                        10,
                        (job, running) ->
                            new DueJobProcessor.Outcome(
                                job.withRuns(job.runs() + 1, T0.plusSeconds(60)),
                                job.nextRunTime()))));
    Job renamed = stored.toBuilder().name("renamed").build();

    boolean written;
    try {
      written = store.updateJobIfUnchanged(stored, renamed);
    } finally {
      otherNode.close();
    }

    assertThat(otherPassProcessed).as("jobs the other node's due pass took").hasValue(0);
    assertThat(written).isTrue();
    assertThat(store.lookupJob("a")).contains(renamed);
  }
}
