package dev.apscheduler.spring.boot.actuate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.spring.boot.actuate.SchedulerJobStatistics;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * With {@code show-values=always}, argument values and exception text are shown, through the
 * application's {@link SanitizingFunction}s.
 */
@SpringBootTest(
    classes = {
      EndpointTestApplication.class,
      SchedulerEndpointShowValuesWebTests.TokenSanitizing.class
    },
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=scheduler",
      "management.endpoint.scheduler.show-values=always"
    })
@AutoConfigureRestTestClient
class SchedulerEndpointShowValuesWebTests {

  @Autowired RestTestClient client;
  @Autowired Scheduler scheduler;
  @Autowired SchedulerJobStatistics statistics;

  @Test
  void argumentValuesAreShown() {
    scheduler.addJob(
        JobSpec.builder()
            .id("visible")
            .task(ctx -> {})
            .args(List.of("secret", 42))
            .kwargs(Map.of("token", "abc", "region", "eu"))
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
        .isEqualTo("******")
        .jsonPath("$.kwargs.region")
        .isEqualTo("eu");
  }

  @Test
  void theLastExceptionIsShown() {
    scheduler.addJob(
        JobSpec.builder()
            .id("failing")
            .task(
                ctx -> {
                  throw new IllegalStateException("boom");
                })
            .trigger(IntervalTrigger.of(Duration.ofHours(1)))
            .build());
    scheduler.runJobNow("failing");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> statistics.get("failing").map(s -> s.errors() == 1).orElse(false));
    client
        .get()
        .uri("/actuator/scheduler/failing")
        .exchange()
        .expectBody()
        .jsonPath("$.lastRun.exception")
        .isEqualTo("java.lang.IllegalStateException: boom");
  }

  @Test
  void theRunHistoryShowsExceptionMessagesAndStackTraces() {
    scheduler.addJob(
        JobSpec.builder()
            .id("failing-history")
            .task(
                ctx -> {
                  throw new IllegalStateException("boom");
                })
            .trigger(IntervalTrigger.of(Duration.ofHours(1)))
            .build());
    scheduler.runJobNow("failing-history");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !scheduler.getRunHistory("failing-history", 1).isEmpty());
    client
        .get()
        .uri("/actuator/scheduler/failing-history/runs")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.runs[0].exceptionMessage")
        .isEqualTo("boom")
        .jsonPath("$.runs[0].stackTrace")
        .value(
            String.class,
            trace ->
                assertThat(trace).startsWith(IllegalStateException.class.getName() + ": boom"));
    client
        .get()
        .uri("/actuator/scheduler/failing-history")
        .exchange()
        .expectBody()
        .jsonPath("$.recentRuns[0].exceptionMessage")
        .isEqualTo("boom")
        .jsonPath("$.recentRuns[0].stackTrace")
        .doesNotExist();
  }

  /** Masks the values of keys named {@code token}, as an application might. */
  @Configuration(proxyBeanMethods = false)
  static class TokenSanitizing {
    @Bean
    SanitizingFunction tokenSanitizer() {
      return data -> data.getKey().equals("token") ? data.withSanitizedValue() : data;
    }
  }
}
