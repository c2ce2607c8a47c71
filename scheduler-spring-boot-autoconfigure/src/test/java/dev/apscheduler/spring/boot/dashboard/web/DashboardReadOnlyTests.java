package dev.apscheduler.spring.boot.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Read-only by default, at a path of the application's choosing. */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {"apscheduler.dashboard.enabled=true", "apscheduler.dashboard.path=/ops/jobs"})
@AutoConfigureRestTestClient
class DashboardReadOnlyTests {

  @Autowired RestTestClient client;
  @Autowired Scheduler scheduler;

  @Test
  void writeRequestsAreRefusedAndTheJobStaysAsItWas() {
    scheduler.addJob(
        JobSpec.builder()
            .id("guarded")
            .task(ctx -> {})
            .trigger(IntervalTrigger.of(Duration.ofHours(1)))
            .replaceExisting(true)
            .build());
    client
        .get()
        .uri("/ops/jobs/api/session")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.readOnly")
        .isEqualTo(true);
    for (String action : new String[] {"pause", "run", "resume"}) {
      client
          .post()
          .uri("/ops/jobs/api/jobs/guarded/" + action)
          .exchange()
          .expectStatus()
          .isForbidden()
          .expectBody()
          .jsonPath("$.detail")
          .value(
              String.class,
              detail -> assertThat(detail).contains("apscheduler.dashboard.read-only=false"));
    }
    client.delete().uri("/ops/jobs/api/jobs/guarded").exchange().expectStatus().isForbidden();
    assertThat(scheduler.getJob("guarded"))
        .hasValueSatisfying(job -> assertThat(job.paused()).isFalse());
  }

  @Test
  void theDashboardIsAtItsConfiguredPathOnly() {
    client.get().uri("/ops/jobs/api/overview").exchange().expectStatus().isOk();
    client.get().uri("/ops/jobs/").exchange().expectStatus().isOk();
    client.get().uri("/apscheduler/api/overview").exchange().expectStatus().isNotFound();
  }
}
