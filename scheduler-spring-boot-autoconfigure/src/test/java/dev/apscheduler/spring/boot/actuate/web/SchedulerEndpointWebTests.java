package dev.apscheduler.spring.boot.actuate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.spring.boot.actuate.CountingJobStore;
import dev.apscheduler.spring.boot.actuate.SchedulerJobStatistics;
import dev.apscheduler.spring.boot.actuate.SchedulerMetrics;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The scheduler endpoint, health and meters over real HTTP. */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=scheduler,health,metrics",
      "management.endpoint.health.show-details=always",
      "apscheduler.timezone=UTC"
    })
@AutoConfigureRestTestClient
class SchedulerEndpointWebTests {

  @Autowired RestTestClient client;
  @Autowired Scheduler scheduler;
  @Autowired MeterRegistry meters;
  @Autowired SchedulerJobStatistics statistics;

  @BeforeEach
  void addJobs() {
    scheduler.addJob(
        JobSpec.builder()
            .id("report")
            .name("Nightly report")
            .task(ctx -> {})
            .args(List.of("secret", 42))
            .kwargs(Map.of("token", "abc"))
            .trigger(IntervalTrigger.of(Duration.ofHours(1)))
            .replaceExisting(true)
            .build());
  }

  @AfterEach
  void removeJobs() {
    scheduler.getJobs().forEach(job -> scheduler.removeJob(job.id()));
  }

  @Test
  void listsStateStoresThreadPoolAndJobs() {
    client
        .get()
        .uri("/actuator/scheduler")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.state")
        .isEqualTo("RUNNING")
        .jsonPath("$.timezone")
        .isEqualTo("UTC")
        .jsonPath("$.stores.default.type")
        .isEqualTo("dev.apscheduler.store.MemoryJobStore")
        .jsonPath("$.stores.default.jobs")
        .isEqualTo(1)
        .jsonPath("$.totalJobs")
        .isEqualTo(1)
        .jsonPath("$.offset")
        .isEqualTo(0)
        .jsonPath("$.limit")
        .isEqualTo(100)
        .jsonPath("$.threadPool.maxThreads")
        .isEqualTo(20)
        .jsonPath("$.jobs[0].id")
        .isEqualTo("report")
        .jsonPath("$.jobs[0].trigger")
        .isEqualTo("interval[PT1H]");
  }

  @Test
  void listsOnePageOfJobsWithTheTotal() {
    for (int i = 0; i < 5; i++) {
      scheduler.addJob(
          JobSpec.builder()
              .id("page-" + i)
              .task(ctx -> {})
              .trigger(IntervalTrigger.of(Duration.ofHours(2 + i)))
              .build());
    }
    List<String> ids = scheduler.getJobs().stream().map(job -> job.id()).toList();
    client
        .get()
        .uri("/actuator/scheduler?offset=2&limit=2")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.totalJobs")
        .isEqualTo(6)
        .jsonPath("$.offset")
        .isEqualTo(2)
        .jsonPath("$.limit")
        .isEqualTo(2)
        .jsonPath("$.jobs.length()")
        .isEqualTo(2)
        .jsonPath("$.jobs[0].id")
        .isEqualTo(ids.get(2))
        .jsonPath("$.jobs[1].id")
        .isEqualTo(ids.get(3));
    client
        .get()
        .uri("/actuator/scheduler?offset=5&limit=5000")
        .exchange()
        .expectBody()
        .jsonPath("$.limit")
        .isEqualTo(1000)
        .jsonPath("$.jobs.length()")
        .isEqualTo(1);
  }

  @Test
  void countsJobsWithoutReadingStoresOutsideThePage() {
    CountingJobStore counted = new CountingJobStore();
    scheduler.addJobStore(counted, "counted");
    try {
      for (int i = 0; i < 3; i++) {
        scheduler.addJob(
            JobSpec.builder()
                .id("counted-" + i)
                .jobStore("counted")
                .task(ctx -> {})
                .trigger(IntervalTrigger.of(Duration.ofHours(1)))
                .build());
      }
      client
          .get()
          .uri("/actuator/scheduler?limit=1")
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.totalJobs")
          .isEqualTo(4)
          .jsonPath("$.stores.counted.jobs")
          .isEqualTo(3)
          .jsonPath("$.jobs[0].id")
          .isEqualTo("report");
      assertThat(counted.counts.get()).isPositive();
      assertThat(counted.fullReads).hasValue(0);
    } finally {
      scheduler.removeJobStore("counted");
    }
  }

  @Test
  void showsOneJobWithMaskedArguments() {
    client
        .get()
        .uri("/actuator/scheduler/report")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.name")
        .isEqualTo("Nightly report")
        .jsonPath("$.triggerType")
        .isEqualTo("IntervalTrigger")
        .jsonPath("$.nextRunTime")
        .exists()
        .jsonPath("$.args[0]")
        .isEqualTo("******")
        .jsonPath("$.args[1]")
        .isEqualTo("******")
        .jsonPath("$.kwargs.token")
        .isEqualTo("******")
        .jsonPath("$.executions")
        .isEqualTo(0);
  }

  @Test
  void anUnknownJobIsNotFound() {
    client.get().uri("/actuator/scheduler/nope").exchange().expectStatus().isNotFound();
    client
        .post()
        .uri("/actuator/scheduler/nope")
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("action", "pause"))
        .exchange()
        .expectStatus()
        .isNotFound();
    client.delete().uri("/actuator/scheduler/nope").exchange().expectStatus().isNotFound();
  }

  @Test
  void pausesAndResumesAJob() {
    client
        .post()
        .uri("/actuator/scheduler/report")
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("action", "pause"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.action")
        .isEqualTo("pause")
        .jsonPath("$.job.paused")
        .isEqualTo(true);
    assertThat(scheduler.getJob("report").orElseThrow().paused()).isTrue();

    client
        .post()
        .uri("/actuator/scheduler/report")
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("action", "resume"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.job.paused")
        .isEqualTo(false);
    assertThat(scheduler.getJob("report").orElseThrow().paused()).isFalse();
  }

  @Test
  void runsAJobNowAndShowsItsLastOutcomeAndTimer() {
    long before = timerCount("Nightly report", "SUCCESS");
    long executionsBefore = statistics.get("report").map(s -> s.executions()).orElse(0L);
    client
        .post()
        .uri("/actuator/scheduler/report")
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("action", "run"))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.accepted")
        .isEqualTo(true);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                timerCount("Nightly report", "SUCCESS") == before + 1
                    && statistics
                        .get("report")
                        .map(s -> s.executions() == executionsBefore + 1)
                        .orElse(false));
    client
        .get()
        .uri("/actuator/scheduler/report")
        .exchange()
        .expectBody()
        .jsonPath("$.executions")
        .isEqualTo(executionsBefore + 1)
        .jsonPath("$.lastRun.outcome")
        .isEqualTo("SUCCESS")
        .jsonPath("$.lastRun.startTime")
        .exists();
    assertThat(meters.get(SchedulerMetrics.LATENESS).tag("job", "Nightly report").timer().count())
        .isEqualTo(before + 1);
  }

  @Test
  void aFailingRunIsAnErrorInTheTimerAndTheDetail() {
    scheduler.addJob(
        JobSpec.builder()
            .id("failing")
            .name("failing")
            .task(
                ctx -> {
                  throw new IllegalStateException("boom");
                })
            .trigger(IntervalTrigger.of(Duration.ofHours(1)))
            .build());
    scheduler.runJobNow("failing");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                timerCount("failing", "ERROR") == 1
                    && statistics.get("failing").map(s -> s.errors() == 1).orElse(false));
    client
        .get()
        .uri("/actuator/scheduler/failing")
        .exchange()
        .expectBody()
        .jsonPath("$.errors")
        .isEqualTo(1)
        .jsonPath("$.lastRun.outcome")
        .isEqualTo("ERROR")
        .jsonPath("$.lastRun.exception")
        .isEqualTo("******");
  }

  @Test
  void aMisfireIsCounted() {
    // paused, so that the one-shot job is not missed and removed before its name is read
    scheduler.pause();
    try {
      scheduler.addJob(
          JobSpec.builder()
              .id("late")
              .name("late")
              .task(ctx -> {})
              .trigger(DateTrigger.of(ZonedDateTime.now().minusHours(1)))
              .misfireGraceTime(Duration.ofSeconds(1))
              .build());
    } finally {
      scheduler.resume();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              var counter = meters.find(SchedulerMetrics.MISFIRES).tag("job", "late").counter();
              return counter != null && counter.count() == 1;
            });
  }

  @Test
  void aRunSkippedForMaxInstancesIsCountedAndRunningInstancesAreGauged() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    scheduler.addJob(
        JobSpec.builder()
            .id("busy")
            .name("busy")
            .task(
                ctx -> {
                  started.countDown();
                  release.await(10, TimeUnit.SECONDS);
                })
            .trigger(IntervalTrigger.of(Duration.ofHours(1)))
            .build());
    try {
      assertThat(scheduler.runJobNow("busy")).isTrue();
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(meters.get(SchedulerMetrics.RUNNING).gauge().value()).isEqualTo(1.0);
      client
          .post()
          .uri("/actuator/scheduler/busy")
          .contentType(MediaType.APPLICATION_JSON)
          .body(Map.of("action", "run"))
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.accepted")
          .isEqualTo(false);
      assertThat(meters.get(SchedulerMetrics.MAX_INSTANCES).tag("job", "busy").counter().count())
          .isEqualTo(1);
    } finally {
      release.countDown();
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> meters.get(SchedulerMetrics.RUNNING).gauge().value() == 0.0);
  }

  @Test
  void gaugesTheJobsPerStore() {
    assertThat(meters.get(SchedulerMetrics.JOBS).tag("store", "default").gauge().value())
        .isEqualTo(1.0);
  }

  @Test
  void aBadActionIsABadRequest() {
    client
        .post()
        .uri("/actuator/scheduler/report")
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("action", "explode"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("action: 'explode' is not valid; expected pause, resume or run");
  }

  @Test
  void aMissingActionIsABadRequestNamingTheActions() {
    for (Map<String, String> body : List.of(Map.<String, String>of(), Map.of("action", " "))) {
      client
          .post()
          .uri("/actuator/scheduler/report")
          .contentType(MediaType.APPLICATION_JSON)
          .body(body)
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error")
          .isEqualTo("action: missing; expected pause, resume or run");
    }
    assertThat(scheduler.getJob("report")).get().extracting(job -> job.paused()).isEqualTo(false);
  }

  @Test
  void deletesAJob() {
    client.delete().uri("/actuator/scheduler/report").exchange().expectStatus().isNoContent();
    assertThat(scheduler.getJob("report")).isEmpty();
  }

  @Test
  void healthShowsTheSchedulerComponent() {
    client
        .get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.components.scheduler.status")
        .isEqualTo("UP")
        .jsonPath("$.components.scheduler.details.state")
        .isEqualTo("RUNNING")
        .jsonPath("$.components.scheduler.details.stores.default")
        .isEqualTo("UP");
    scheduler.pause();
    try {
      client
          .get()
          .uri("/actuator/health/scheduler")
          .exchange()
          .expectStatus()
          .isEqualTo(503)
          .expectBody()
          .jsonPath("$.status")
          .isEqualTo("OUT_OF_SERVICE");
    } finally {
      scheduler.resume();
    }
  }

  @Test
  void metersAreListedByTheMetricsEndpoint() {
    scheduler.runJobNow("report");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> timerCount("Nightly report", "SUCCESS") >= 1);
    client
        .get()
        .uri("/actuator/metrics/apscheduler.job.executions?tag=outcome:SUCCESS")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.name")
        .isEqualTo("apscheduler.job.executions");
  }

  private long timerCount(String job, String outcome) {
    var timer =
        meters.find(SchedulerMetrics.EXECUTIONS).tag("job", job).tag("outcome", outcome).timer();
    return timer == null ? 0 : timer.count();
  }
}
