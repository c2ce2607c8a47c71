package dev.apscheduler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Boots the demo on a random port with its file store in a temporary directory. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class DemoApplicationTests {

  @DynamicPropertySource
  static void storeInATemporaryDirectory(DynamicPropertyRegistry registry) throws Exception {
    Path directory = Files.createTempDirectory("apscheduler-demo");
    registry.add("apscheduler.jobstores.default.path", () -> directory.resolve("jobs").toString());
  }

  @Autowired RestTestClient client;

  @Test
  void theSchedulerEndpointListsTheAnnotatedJobsInTheFileStore() {
    client
        .get()
        .uri("/actuator/scheduler")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.state")
        .isEqualTo("RUNNING")
        .jsonPath("$.stores.default.type")
        .isEqualTo("dev.apscheduler.store.jdbc.JdbcJobStore")
        .jsonPath("$.stores.default.persistent")
        .isEqualTo(true)
        .jsonPath("$.jobs[?(@.id == 'heartbeat')]")
        .exists()
        .jsonPath("$.jobs[?(@.id == 'quarter-hour-report')]")
        .exists()
        .jsonPath("$.jobs[?(@.id == 'morning-digest')]")
        .exists()
        .jsonPath("$.jobs[?(@.id == 'new-year')]")
        .exists();
  }

  @Test
  void healthHasTheSchedulerComponent() {
    client
        .get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.components.scheduler.status")
        .isEqualTo("UP");
  }

  @Test
  void theApschedulerMetersAreExposed() {
    client
        .get()
        .uri("/actuator/metrics/apscheduler.jobs")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.availableTags[0].tag")
        .isEqualTo("store");
    String prometheus =
        client
            .get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(prometheus).contains("apscheduler_jobs{", "apscheduler_jobs_running");
  }

  @Test
  void aJobAddedAtRuntimeIsStoredAsABeanMethodReference() {
    client
        .post()
        .uri("/jobs")
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("id", "greet-alice", "name", "Alice", "intervalSeconds", 3600))
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.id")
        .isEqualTo("greet-alice")
        .jsonPath("$.nextRunTime")
        .exists();
    client
        .get()
        .uri("/actuator/scheduler/greet-alice")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.task")
        .isEqualTo("demoJobs::greet")
        .jsonPath("$.args[0]")
        .isEqualTo("Alice");
  }
}
