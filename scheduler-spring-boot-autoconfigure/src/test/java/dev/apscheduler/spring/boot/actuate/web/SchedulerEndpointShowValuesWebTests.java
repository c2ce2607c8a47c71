package dev.apscheduler.spring.boot.actuate.web;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

/** With {@code show-values=always}, argument values are shown unmasked. */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=scheduler",
      "management.endpoint.scheduler.show-values=always"
    })
@AutoConfigureRestTestClient
class SchedulerEndpointShowValuesWebTests {

  @Autowired RestTestClient client;
  @Autowired Scheduler scheduler;

  @Test
  void argumentValuesAreShown() {
    scheduler.addJob(
        JobSpec.builder()
            .id("visible")
            .task(ctx -> {})
            .args(List.of("secret", 42))
            .kwargs(Map.of("token", "abc"))
            .trigger(IntervalTrigger.of(Duration.ofHours(1)))
            .build());
    client
        .get()
        .uri("/actuator/scheduler/visible")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.args[0]")
        .isEqualTo("secret")
        .jsonPath("$.args[1]")
        .isEqualTo(42)
        .jsonPath("$.kwargs.token")
        .isEqualTo("abc");
  }
}
