package dev.apscheduler.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.Scheduler;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The demo with the postgres profile: its jobs in the jdbc store on PostgreSQL, at {@code
 * APSCHEDULER_TEST_POSTGRES_URL} or in a Testcontainers container ({@link PostgresAvailable}).
 */
@ExtendWith({PostgresAvailable.class, OutputCaptureExtension.class})
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@ActiveProfiles("postgres")
class DemoPostgresTests {

  private static final String TABLE = "apscheduler_demo_jobs";

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("apscheduler.jobstores.default.table-name", () -> TABLE);
    if (PostgresAvailable.configuredUrl() != null) {
      registry.add("spring.datasource.url", PostgresAvailable::configuredUrl);
      registry.add("spring.datasource.username", PostgresAvailable::configuredUser);
      registry.add("spring.datasource.password", PostgresAvailable::configuredPassword);
    }
  }

  @Autowired RestTestClient client;
  @Autowired Scheduler scheduler;
  @Autowired DataSource dataSource;

  @Test
  void theAnnotatedJobsAreRowsOfThePostgresTable() throws Exception {
    assertThat(scheduler.jobStores().get("default")).isInstanceOf(JdbcJobStore.class);
    try (Connection connection = dataSource.getConnection()) {
      assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
      List<String> ids = new ArrayList<>();
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT id FROM " + TABLE)) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
      assertThat(ids).contains("heartbeat", "quarter-hour-report", "morning-digest", "new-year");
    }
  }

  @Test
  void aJobAddedOverHttpRunsFromThePostgresStore(CapturedOutput output) {
    String id = "greet-postgres-" + System.nanoTime();
    client
        .post()
        .uri("/jobs")
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("id", id, "name", "Postgres", "intervalSeconds", 1))
        .exchange()
        .expectStatus()
        .isCreated();
    try {
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> output.getOut().contains("Hello, Postgres!"));
    } finally {
      scheduler.removeJob(id);
    }
  }

  /** The container, when no address is set (and a Docker engine answers). */
  @TestConfiguration(proxyBeanMethods = false)
  @Conditional(NoAddress.class)
  @Import(PostgresContainerConfiguration.class)
  static class ContainerWhenNoAddress {}

  static final class NoAddress implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return PostgresAvailable.configuredUrl() == null;
    }
  }
}
