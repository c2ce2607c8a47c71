package dev.apscheduler.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.Job;
import dev.apscheduler.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Boots the demo on a random port with its file store in a temporary directory. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@ExtendWith(OutputCaptureExtension.class)
class DemoApplicationTests {

  @DynamicPropertySource
  static void storeInATemporaryDirectory(DynamicPropertyRegistry registry) throws Exception {
    Path directory = Files.createTempDirectory("apscheduler-demo");
    registry.add("apscheduler.jobstores.default.path", () -> directory.resolve("jobs").toString());
  }

  @Autowired RestTestClient client;
  @Autowired Scheduler scheduler;

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
  void theDashboardServesThePageAndTheAnnotatedJobs() {
    client
        .get()
        .uri("/apscheduler/")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(html -> assertThat(html).contains("assets/app.js"));
    client
        .get()
        .uri("/apscheduler/api/jobs")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.total")
        .value(Integer.class, total -> assertThat(total).isPositive());
    client
        .get()
        .uri("/apscheduler/api/session")
        .exchange()
        .expectBody()
        .jsonPath("$.readOnly")
        .isEqualTo(false);
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

  @Test
  void aJobsRunsAreInItsRunHistory() {
    client
        .post()
        .uri("/jobs")
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("id", "greet-bob", "name", "Bob", "intervalSeconds", 3600))
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.runs")
        .isEqualTo("/actuator/scheduler/greet-bob/runs");
    client
        .post()
        .uri("/actuator/scheduler/greet-bob")
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("action", "run"))
        .exchange()
        .expectStatus()
        .isOk();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !scheduler.getRunHistory("greet-bob", 1).isEmpty());
    client
        .get()
        .uri("/actuator/scheduler/greet-bob/runs?outcome=SUCCESS")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.runs.length()")
        .isEqualTo(1)
        .jsonPath("$.runs[0].outcome")
        .isEqualTo("SUCCESS");
  }

  @Test
  void aZeroIntervalIsABadRequestWithAProblemDetail(CapturedOutput output) {
    postExpectingProblem(
            Map.of("id", "greet-zero", "name", "Zero", "intervalSeconds", 0),
            HttpStatus.BAD_REQUEST)
        .jsonPath("$.title")
        .isEqualTo("Invalid job")
        .jsonPath("$.detail")
        .isEqualTo("intervalSeconds: 0 is not valid; expected a whole number from 1 to 31536000");
    assertThat(scheduler.getJob("greet-zero")).isEmpty();
    assertThat(output).doesNotContain("IllegalArgumentException");
  }

  @Test
  void missingOrMalformedFieldsAreBadRequestsWithAProblemDetail() {
    postExpectingProblem(
            Map.of("id", "greet-nobody", "intervalSeconds", 60), HttpStatus.BAD_REQUEST)
        .jsonPath("$.detail")
        .isEqualTo("name: missing; expected who to greet, such as Alice");
    postExpectingProblem(Map.of("name", "Nobody", "intervalSeconds", 60), HttpStatus.BAD_REQUEST)
        .jsonPath("$.detail")
        .isEqualTo("id: missing; expected a job id such as greet-alice");
    postExpectingProblem(
        "{\"id\": \"greet-bad\", \"name\": \"Bad\", \"intervalSeconds\": \"often\"}",
        HttpStatus.BAD_REQUEST);
    assertThat(scheduler.getJob("greet-nobody")).isEmpty();
    assertThat(scheduler.getJob("greet-bad")).isEmpty();
  }

  @Test
  void anIdThatIsTakenIsAConflictAndChangesNothing() {
    Job before = scheduler.getJob("heartbeat").orElseThrow();
    postExpectingProblem(
            Map.of("id", "heartbeat", "name", "Mallory", "intervalSeconds", 1), HttpStatus.CONFLICT)
        .jsonPath("$.title")
        .isEqualTo("Job id taken")
        .jsonPath("$.detail")
        .isEqualTo(
            "A job with id 'heartbeat' already exists; choose another id, or remove that job"
                + " first (DELETE /actuator/scheduler/heartbeat)")
        .jsonPath("$.jobId")
        .isEqualTo("heartbeat");
    Job after = scheduler.getJob("heartbeat").orElseThrow();
    assertThat(after.task().reference()).isEqualTo(before.task().reference());
    assertThat(after.name()).isEqualTo("Heartbeat");
    assertThat(after.args()).isEmpty();
    assertThat(after.trigger()).isEqualTo(before.trigger());
  }

  /**
   * Posts {@code body} to {@code /jobs}, expecting an RFC 9457 problem detail with {@code status}.
   */
  private RestTestClient.BodyContentSpec postExpectingProblem(Object body, HttpStatus status) {
    return client
        .post()
        .uri("/jobs")
        .contentType(MediaType.APPLICATION_JSON)
        .body(body)
        .exchange()
        .expectStatus()
        .isEqualTo(status)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(status.value())
        .jsonPath("$.instance")
        .isEqualTo("/jobs");
  }
}
