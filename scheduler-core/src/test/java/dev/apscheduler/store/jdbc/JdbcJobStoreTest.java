package dev.apscheduler.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apscheduler.Job;
import dev.apscheduler.JobSpec;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.Scheduler;
import dev.apscheduler.TaskRegistry;
import dev.apscheduler.history.RunHistoryQuery;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.history.RunRetention;
import dev.apscheduler.store.DueJobProcessor;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobStoreContext;
import dev.apscheduler.store.TestServices;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What is particular to the JDBC store: names, schema initialization, the stored row. */
class JdbcJobStoreTest {

  private static final Instant NEXT = Instant.parse("2026-03-01T12:00:00.000123Z");

  private final TaskRegistry tasks = new TaskRegistry();

  private JdbcDataSource h2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:jdbc-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return ds;
  }

  private void start(JdbcJobStore store) {
    store.start(new JobStoreContext("db", tasks, Clock.fixed(NEXT, ZoneOffset.UTC)));
  }

  private Job job(String id) {
    tasks.register("report", ctx -> {});
    return Job.builder(id, tasks.resolve("report"), IntervalTrigger.of(Duration.ofMinutes(5)))
        .name("Nightly report")
        .args(List.of(1, "a"))
        .jobStore("db")
        .maxRuns(0)
        .nextRunTime(NEXT)
        .build();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jobs; DROP TABLE x",
        "1jobs",
        "a.b",
        "jobs--",
        "",
        "x_49_characters_long_name_is_one_too_many_for_it_",
        "\"jobs\""
      })
  void tableAndSchemaNamesMustBePlainIdentifiers(String name) {
    JdbcJobStore.Builder builder = JdbcJobStore.builder(h2());

    assertThatThrownBy(() -> builder.tableName(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("table-name")
        .hasMessageContaining("not a valid SQL identifier");
    assertThatThrownBy(() -> builder.schema(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema");
  }

  @Test
  void rowHoldsReadableColumnsAndTheJsonDocument() throws SQLException {
    JdbcDataSource ds = h2();
    JdbcJobStore store = JdbcJobStore.builder(ds).build();
    start(store);

    store.addJob(job("report-1"));

    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id, name, next_run_time, format_version, document FROM apscheduler_jobs")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString("id")).isEqualTo("report-1");
      assertThat(rs.getString("name")).isEqualTo("Nightly report");
      assertThat(rs.getLong("next_run_time")).isEqualTo(JobCodec.toEpochMicros(NEXT));
      assertThat(rs.getInt("format_version")).isEqualTo(1);
      assertThat(rs.getString("document"))
          .startsWith("{\"version\":1,")
          .contains("\"task\":\"report\"")
          .contains("\"args\":[1,\"a\"]")
          .contains("\"type\":\"interval\"");
    }
  }

  @Test
  void schemaIsCreatedWhenGiven() throws SQLException {
    JdbcDataSource ds = h2();
    JdbcJobStore store = JdbcJobStore.builder(ds).schema("sched").tableName("jobs").build();
    start(store);
    store.addJob(job("a"));

    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sched.jobs")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void startingTwiceOnTheSameTableIsHarmless() {
    JdbcDataSource ds = h2();
    JdbcJobStore first = JdbcJobStore.builder(ds).initializeSchema(InitializeSchema.ALWAYS).build();
    start(first);
    first.addJob(job("a"));
    JdbcJobStore second =
        JdbcJobStore.builder(ds).initializeSchema(InitializeSchema.ALWAYS).build();
    start(second);

    assertThat(second.getAllJobs()).extracting(Job::id).containsExactly("a");
  }

  @Test
  void missingTableWithoutInitializationIsAClearError() {
    JdbcJobStore store =
        JdbcJobStore.builder(h2()).initializeSchema(InitializeSchema.NEVER).build();

    assertThatThrownBy(() -> start(store))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("table apscheduler_jobs")
        .hasMessageContaining("dev/apscheduler/store/jdbc/schema-h2.sql")
        .hasMessageContaining("initialize-schema to always");
  }

  @Test
  void embeddedInitializationLeavesAServerDatabaseAlone() {
    DataSource postgres = TestServices.postgres("apscheduler-jdbc-test");
    String table = "apscheduler_never_created_" + UUID.randomUUID().toString().substring(0, 8);
    JdbcJobStore store = JdbcJobStore.builder(postgres).tableName(table).build();

    assertThatThrownBy(() -> start(store))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("schema-postgresql.sql");
  }

  @Test
  void unstartedStoreSaysSo() {
    JdbcJobStore store = JdbcJobStore.builder(h2()).build();

    assertThatThrownBy(store::getAllJobs)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not started");
  }

  @Test
  void jobDueBeyondTheStoredRangeIsRefusedNamingTheRange() {
    JdbcJobStore store = JdbcJobStore.builder(h2()).build();
    start(store);
    ZonedDateTime far = ZonedDateTime.of(300_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    Job job = job("far").toBuilder().nextRunTime(far.toInstant()).build();

    assertThatThrownBy(() -> store.addJob(job))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("job 'far'")
        .hasMessageContaining("-290308-12-21T19:59:05.224192Z to +294247-01-10T04:00:54.775807Z");
    assertThat(store.countJobs()).isZero();
  }

  @Test
  void schedulerRefusesADateBeyondTheSupportedRangeBeforeAnyStoreSeesIt() {
    Scheduler scheduler =
        Scheduler.builder()
            .runLoop(false)
            .jobStore("default", JdbcJobStore.builder(h2()).build())
            .registerTask("report", ctx -> {})
            .build();
    scheduler.start();
    try {
      ZonedDateTime far = ZonedDateTime.of(300_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

      assertThatThrownBy(
              () ->
                  scheduler.addJob(
                      JobSpec.builder()
                          .id("far")
                          .task("report")
                          .trigger(DateTrigger.of(far))
                          .build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("run_date: ")
          .hasMessageContaining("9999-12-31T23:59:59.999999999Z");
      assertThat(scheduler.getJobs()).isEmpty();
    } finally {
      scheduler.shutdown();
    }
  }

  @Test
  void overlongIdIsRefused() {
    JdbcJobStore store = JdbcJobStore.builder(h2()).build();
    start(store);

    assertThatThrownBy(() -> store.addJob(job("x".repeat(256))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("up to 255 characters");
  }

  @ParameterizedTest
  @EnumSource(JdbcDialect.class)
  void shippedSchemaFilesMatchWhatTheStoreRuns(JdbcDialect dialect) throws IOException {
    String text;
    try (InputStream in =
        JdbcJobStore.class.getClassLoader().getResourceAsStream(dialect.schemaResource())) {
      assertThat(in).as(dialect.schemaResource()).isNotNull();
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String withoutComments =
        String.join("\n", text.lines().filter(line -> !line.startsWith("--")).toList());
    List<String> statements =
        Arrays.stream(withoutComments.split(";"))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();

    assertThat(statements)
        .containsExactlyElementsOf(
            dialect.createStatements(null, JdbcJobStore.DEFAULT_TABLE_NAME).stream()
                .map(String::strip)
                .toList());
  }

  @Test
  void dialectIsDetectedFromTheProductName() {
    assertThat(JdbcDialect.of("H2")).isEqualTo(JdbcDialect.H2);
    assertThat(JdbcDialect.of("PostgreSQL")).isEqualTo(JdbcDialect.POSTGRESQL);
    assertThat(JdbcDialect.of("MariaDB")).isEqualTo(JdbcDialect.MARIADB);
    assertThat(JdbcDialect.of("MySQL")).isEqualTo(JdbcDialect.MARIADB);
    assertThatThrownBy(() -> JdbcDialect.of("Oracle"))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("'Oracle'")
        .hasMessageContaining("H2, PostgreSQL, MariaDB and MySQL");
  }

  @Test
  void aSchemaWithoutTheRunHistoryTableKeepsTheStoreWorkingWithoutHistory() throws SQLException {
    JdbcDataSource ds = h2();
    JdbcJobStore first = JdbcJobStore.builder(ds).build();
    start(first);
    first.close();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE apscheduler_jobs_runs");
    }
    JdbcJobStore store = JdbcJobStore.builder(ds).initializeSchema(InitializeSchema.NEVER).build();
    start(store);

    RunRecord run = RunRecord.of("a", NEXT, NEXT, NEXT.plusSeconds(1), RunOutcome.SUCCESS, null);
    store.runHistory().record(List.of(run), RunRetention.defaults());
    store.addJob(job("a"));

    assertThat(store.runHistory().find(RunHistoryQuery.of("a", 10))).isEmpty();
    assertThat(store.runHistory().purge(RunRetention.defaults(), NEXT, 10)).isZero();
    assertThat(store.lookupJob("a")).isPresent();
    store.close();
  }

  /** The running table as the version before {@code job_document} created it. */
  private static final String EARLIER_RUNNING_TABLE =
      " (job_id VARCHAR(255) NOT NULL, fire_time BIGINT NOT NULL, node_id VARCHAR(255) NOT NULL,"
          + " started BIGINT NOT NULL, PRIMARY KEY (job_id, fire_time, node_id))";

  private DataSource database(String name) {
    return switch (name) {
      case "h2" -> h2();
      case "postgresql" -> TestServices.postgres("apscheduler-jdbc-test");
      default -> TestServices.mariadb();
    };
  }

  private static void execute(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static int keptJobs(DataSource ds, String table) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(job_document) FROM " + table + "_running")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql", "mariadb"})
  void theRunningTableOfAnEarlierVersionGetsTheColumnThatKeepsJobs(String database)
      throws SQLException {
    DataSource ds = database(database);
    String table = "apscheduler_upgrade_" + UUID.randomUUID().toString().substring(0, 8);
    try {
      execute(ds, "CREATE TABLE " + table + "_running" + EARLIER_RUNNING_TABLE);
      for (int start = 0; start < 2; start++) {
        JdbcJobStore store =
            JdbcJobStore.builder(ds)
                .tableName(table)
                .initializeSchema(InitializeSchema.ALWAYS)
                .cluster("node")
                .build();
        start(store);
        store.close();
      }

      assertThat(keptJobs(ds, table)).isZero();
    } finally {
      for (String suffix : List.of("", "_nodes", "_running", "_runs")) {
        execute(ds, "DROP TABLE IF EXISTS " + table + suffix);
      }
    }
  }

  @Test
  void aClusterNodeOnARunningTableWithoutTheColumnRecordsItsRunsAndKeepsNoJob()
      throws SQLException {
    JdbcDataSource ds = h2();
    JdbcJobStore first = JdbcJobStore.builder(ds).build();
    start(first);
    first.close();
    execute(ds, "ALTER TABLE apscheduler_jobs_running DROP COLUMN job_document");
    JdbcJobStore store =
        JdbcJobStore.builder(ds).initializeSchema(InitializeSchema.NEVER).cluster("node").build();
    start(store);
    Job last = job("once").toBuilder().onLost(dev.apscheduler.LostRunPolicy.RERUN).build();
    store.addJob(last);

    int processed =
        store.processDueJobs(
            NEXT,
            10,
            (job, running) ->
                new DueJobProcessor.Outcome(null, job.nextRunTime(), job.withRuns(1, null)));

    assertThat(processed).isOne();
    assertThat(store.lookupJob("once")).isEmpty();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT job_id FROM apscheduler_jobs_running")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("once");
    }
    store.close();
  }

  @Test
  void theRecordOfARunThatFinishesAJobWhichRerunsLostRunsKeepsTheJobAndNoOtherDoes()
      throws SQLException {
    JdbcDataSource ds = h2();
    JdbcJobStore store = JdbcJobStore.builder(ds).cluster("node").build();
    start(store);
    store.addJob(job("rerun").toBuilder().onLost(dev.apscheduler.LostRunPolicy.RERUN).build());
    store.addJob(job("report"));
    store.addJob(job("goes-on").toBuilder().onLost(dev.apscheduler.LostRunPolicy.RERUN).build());

    store.processDueJobs(
        NEXT,
        10,
        (job, running) ->
            job.id().equals("goes-on")
                ? new DueJobProcessor.Outcome(job.withRuns(1, NEXT.plusSeconds(60)), NEXT)
                : new DueJobProcessor.Outcome(null, NEXT, job.withRuns(1, null)));

    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT job_id, job_document FROM apscheduler_jobs_running ORDER BY job_id")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("goes-on");
      assertThat(rs.getString(2)).isNull();
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("report");
      assertThat(rs.getString(2)).isNull();
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("rerun");
      assertThat(rs.getString(2)).contains("\"runs\":1");
    }
    store.close();
  }
}
