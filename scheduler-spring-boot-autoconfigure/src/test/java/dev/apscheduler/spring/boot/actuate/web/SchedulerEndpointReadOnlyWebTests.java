package dev.apscheduler.spring.boot.actuate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** With {@code access=read-only}, as the README recommends, jobs can be read but not changed. */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=scheduler",
      "management.endpoint.scheduler.access=read-only"
    })
@AutoConfigureRestTestClient
class SchedulerEndpointReadOnlyWebTests {

  @Autowired RestTestClient client;
  @Autowired Scheduler scheduler;

  @Test
  void readsWorkAndWritesAreNotMapped() {
    scheduler.addJob(
        JobSpec.builder()
            .id("guarded")
            .task(ctx -> {})
            .trigger(IntervalTrigger.of(Duration.ofHours(1)))
            .replaceExisting(true)
            .build());
    client.get().uri("/actuator/scheduler").exchange().expectStatus().isOk();
    client.get().uri("/actuator/scheduler/guarded").exchange().expectStatus().isOk();
    client
        .post()
        .uri("/actuator/scheduler/guarded")
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("action", "pause"))
        .exchange()
        .expectStatus()
        .is4xxClientError();
    client.delete().uri("/actuator/scheduler/guarded").exchange().expectStatus().is4xxClientError();
    assertThat(scheduler.getJob("guarded")).get().extracting(job -> job.paused()).isEqualTo(false);
  }
}
