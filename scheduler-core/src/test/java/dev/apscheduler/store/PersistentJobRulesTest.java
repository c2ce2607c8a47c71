package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a scheduler refuses to put in a persistent store, and what it accepts. */
class PersistentJobRulesTest {

  private final MutableClock clock =
      MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private Scheduler scheduler;

  /** A public static method a persistent job can refer to. */
  public static void staticTask() {}

  @BeforeEach
  void setUp() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:rules-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    scheduler =
        TestSchedulers.synchronous(clock).jobStore("db", JdbcJobStore.builder(ds).build()).build();
    scheduler.registerTask("registered", ctx -> {});
    scheduler.start();
  }

  @AfterEach
  void tearDown() {
    scheduler.shutdown();
  }

  private JobSpec.Builder spec() {
    return JobSpec.builder().jobStore("db").trigger(IntervalTrigger.of(Duration.ofMinutes(1)));
  }

  @Test
  void lambdaIsRefusedWithWhatToUseInstead() {
    assertThatThrownBy(() -> scheduler.addJob(spec().task(ctx -> {}).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("persistent store 'db'")
        .hasMessageContaining("registerTask")
        .hasMessageContaining("com.example.Reports::nightly");
    assertThat(scheduler.getJobs("db")).isEmpty();
  }

  @Test
  void argumentThatCannotBeEncodedIsRefusedAtAddJob() {
    assertThatThrownBy(
            () ->
                scheduler.addJob(
                    spec().task("registered").args(List.of(LocalDate.of(2026, 1, 1))).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("args[0]")
        .hasMessageContaining("java.time.LocalDate")
        .hasMessageContaining("use null, String, Boolean");
    assertThat(scheduler.getJobs("db")).isEmpty();
  }

  @Test
  void argumentThatCannotBeEncodedIsRefusedAtModifyJob() {
    scheduler.addJob(spec().id("job").task("registered").kwargs(Map.of("n", 1)).build());

    assertThatThrownBy(
            () ->
                scheduler.modifyJob(
                    "job", JobSpec.builder().kwargs(Map.of("n", new StringBuilder())).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kwargs['n']");
    assertThat(scheduler.getJob("job").orElseThrow().kwargs()).isEqualTo(Map.of("n", 1));
  }

  @Test
  void customTriggerIsRefused() {
    assertThatThrownBy(
            () ->
                scheduler.addJob(
                    spec()
                        .task("registered")
                        .trigger((previous, now) -> Optional.of(now.plusMinutes(1)))
                        .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("built-in triggers");
  }

  @Test
  void registeredNamesAndStaticMethodsAreKept() {
    scheduler.addJob(spec().id("by-name").task("registered").args(List.of(1, "x")).build());
    scheduler.addJob(
        spec()
            .id("by-method")
            .task(PersistentJobRulesTest.class.getName() + "::staticTask")
            .build());

    assertThat(scheduler.getJobs("db"))
        .extracting(job -> job.task().reference())
        .containsExactlyInAnyOrder(
            "registered", PersistentJobRulesTest.class.getName() + "::staticTask");
  }
}
