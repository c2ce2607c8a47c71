package dev.apscheduler.spring.boot.actuate.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.spring.boot.actuate.SchedulerMetrics;
import dev.apscheduler.spring.boot.autoconfigure.SchedulerBuilderCustomizer;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.SynchronousExecutor;
import dev.apscheduler.trigger.IntervalTrigger;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The run history over HTTP: a job's recent runs in its detail, and {@code /{id}/runs} paging with
 * {@code before} and {@code limit}, filtering by outcome, 400 for bad parameters and 404 for
 * unknown jobs. Runs are synchronous and timed by a {@link MutableClock}, so their end times are
 * known.
 */
@SpringBootTest(
    classes = {
      EndpointTestApplication.class,
      SchedulerEndpointRunHistoryWebTests.ClockedRuns.class
    },
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=scheduler,metrics",
      "apscheduler.timezone=UTC"
    })
@AutoConfigureRestTestClient
class SchedulerEndpointRunHistoryWebTests {

  private static final com.jayway.jsonpath.Configuration NULL_WHEN_MISSING =
      com.jayway.jsonpath.Configuration.defaultConfiguration()
          .addOptions(Option.DEFAULT_PATH_LEAF_TO_NULL);

  @Autowired RestTestClient client;
  @Autowired Scheduler scheduler;
  @Autowired MutableClock clock;
  @Autowired MeterRegistry meters;

  /** Whether the job's next run throws. */
  private final AtomicBoolean fail = new AtomicBoolean();

  /** Each test's own job, since the history of the previous tests' jobs stays. */
  private String id;

  /** The job's history operation. */
  private String runs;

  @BeforeEach
  void addJob(TestInfo test) {
    id = test.getTestMethod().orElseThrow().getName();
    runs = "/actuator/scheduler/" + id + "/runs";
    scheduler.addJob(
        JobSpec.builder()
            .id(id)
            .name(id)
            .task(
                ctx -> {
                  if (fail.get()) {
                    throw new IllegalStateException("boom: token=abc");
                  }
                })
            .trigger(IntervalTrigger.of(Duration.ofDays(365)))
            .replaceExisting(true)
            .build());
  }

  @AfterEach
  void removeJobs() {
    scheduler.getJobs().forEach(job -> scheduler.removeJob(job.id()));
  }

  @Test
  void theDetailShowsTheTenNewestRunsWithMaskedMessagesAndNoStackTrace() {
    for (int i = 0; i < 11; i++) {
      run(false);
    }
    Instant failed = run(true);
    client
        .get()
        .uri("/actuator/scheduler/" + id)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.recentRuns.length()")
        .isEqualTo(10)
        .jsonPath("$.recentRuns[0].outcome")
        .isEqualTo("ERROR")
        .jsonPath("$.recentRuns[0].end")
        .isEqualTo(failed.toString())
        .jsonPath("$.recentRuns[0].attempt")
        .isEqualTo(1)
        .jsonPath("$.recentRuns[0].exceptionClass")
        .isEqualTo("java.lang.IllegalStateException")
        .jsonPath("$.recentRuns[0].exceptionMessage")
        .isEqualTo("******")
        .jsonPath("$.recentRuns[0].stackTrace")
        .doesNotExist()
        .jsonPath("$.recentRuns[0].start")
        .isEqualTo(failed.toString())
        .jsonPath("$.recentRuns[0].duration")
        .isEqualTo("PT0S")
        .jsonPath("$.recentRuns[0].fireTime")
        .exists()
        .jsonPath("$.recentRuns[1].outcome")
        .isEqualTo("SUCCESS");
  }

  @Test
  void pagesThroughTheHistoryWithBeforeAndLimit() {
    List<Instant> ends = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ends.add(0, run(false));
    }
    String first = get(runs + "?limit=2");
    assertThat(ends(first)).containsExactly(ends.get(0), ends.get(1));
    assertThat(JsonPath.<Integer>read(first, "$.limit")).isEqualTo(2);
    assertThat(JsonPath.<Boolean>read(first, "$.removed")).isFalse();
    assertThat(nextBefore(first)).isEqualTo(ends.get(1).toString());

    assertThat(readAllPages(2)).containsExactlyElementsOf(ends);
  }

  @Test
  void runsThatEndedAtTheSameInstantAreNeitherLostNorRepeatedAcrossPages() {
    List<Instant> ends = new ArrayList<>();
    ends.add(0, run(false));
    clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 3; i++) {
      ends.add(0, runNow(false));
    }
    ends.add(0, run(false));

    assertThat(readAllPages(2)).containsExactlyElementsOf(ends);
  }

  @Test
  void filtersByOutcomeAndEndTime() {
    Instant firstError = run(true);
    Instant success = run(false);
    Instant secondError = run(true);
    String errors = get(runs + "?outcome=ERROR");
    assertThat(ends(errors)).containsExactly(secondError, firstError);
    assertThat(JsonPath.<List<String>>read(errors, "$.outcomes")).containsExactly("ERROR");
    assertThat(JsonPath.<List<String>>read(errors, "$.runs[*].exceptionMessage"))
        .containsOnly("******");
    assertThat(JsonPath.<List<Object>>read(errors, "$.runs[*].stackTrace")).isEmpty();

    assertThat(ends(get(runs + "?outcome=success,missed"))).containsExactly(success);
    assertThat(ends(get(runs + "?since=" + success + "&before=" + secondError)))
        .containsExactly(success);
  }

  @Test
  void badParametersAreBadRequestsNamingTheParameter() {
    run(false);
    Map<String, String> expected =
        Map.of(
            "limit=abc", "limit: 'abc' is not valid; expected a whole number of 1 or more",
            "limit=0", "limit: '0' is not valid; expected a whole number of 1 or more",
            "before=yesterday",
                "before: 'yesterday' is not valid; expected an ISO-8601 instant such as"
                    + " 2026-12-01T09:00:00Z",
            "outcome=ERROR,BOOM",
                "outcome: 'BOOM' is not valid; expected one or more of SUCCESS, ERROR, MISSED,"
                    + " SKIPPED_MAX_INSTANCES, LOST, ERROR_WILL_RETRY",
            "since=2026-12-02T00:00:00Z&before=2026-12-01T00:00:00Z",
                "since: '2026-12-02T00:00:00Z' is not valid; expected an instant before"
                    + " '2026-12-01T00:00:00Z'");
    expected.forEach(
        (query, message) ->
            client
                .get()
                .uri(runs + "?" + query)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error")
                .isEqualTo(message));
  }

  @Test
  void aLimitAboveTheMaximumIsCutToIt() {
    run(false);
    for (String limit : List.of("5000", "99999999999")) {
      assertThat(JsonPath.<Integer>read(get(runs + "?limit=" + limit), "$.limit")).isEqualTo(1000);
    }
  }

  @Test
  void anUnknownJobOrPathIsNotFound() {
    run(false);
    client.get().uri("/actuator/scheduler/nope/runs").exchange().expectStatus().isNotFound();
    client.get().uri("/actuator/scheduler/" + id + "/other").exchange().expectStatus().isNotFound();
  }

  @Test
  void theHistoryOfARemovedJobIsReadableUntilRetentionPurgesIt() {
    Instant end = run(false);
    scheduler.removeJob(id);
    client.get().uri("/actuator/scheduler/" + id).exchange().expectStatus().isNotFound();
    String page = get(runs);
    assertThat(JsonPath.<Boolean>read(page, "$.removed")).isTrue();
    assertThat(ends(page)).containsExactly(end);
  }

  @Test
  void runsAddNoMetersBeyondTheJobAndOutcome() {
    run(false);
    List<Meter.Id> afterOneRun = meterIds();
    for (int i = 0; i < 5; i++) {
      run(false);
    }
    assertThat(meterIds()).containsExactlyInAnyOrderElementsOf(afterOneRun);
    assertThat(meters.find(SchedulerMetrics.EXECUTIONS).tag("job", id).timers())
        .singleElement()
        .satisfies(timer -> assertThat(timer.count()).isEqualTo(6));
  }

  /** The meters of this test's job. */
  private List<Meter.Id> meterIds() {
    return meters.getMeters().stream()
        .map(Meter::getId)
        .filter(meter -> id.equals(meter.getTag("job")))
        .toList();
  }

  /** Runs the job a minute after the previous run; returns the run's end. */
  private Instant run(boolean throwing) {
    clock.advance(Duration.ofMinutes(1));
    return runNow(throwing);
  }

  /** Runs the job now, on this thread; returns the run's end. */
  private Instant runNow(boolean throwing) {
    fail.set(throwing);
    assertThat(scheduler.runJobNow(id)).isTrue();
    return clock.instant();
  }

  /** The ends of every run, following nextBefore from the newest page on. */
  private List<Instant> readAllPages(int limit) {
    List<Instant> all = new ArrayList<>();
    String before = null;
    for (int pages = 0; pages < 20; pages++) {
      String page = get(runs + "?limit=" + limit + (before == null ? "" : "&before=" + before));
      all.addAll(ends(page));
      before = nextBefore(page);
      if (before == null) {
        return all;
      }
    }
    throw new AssertionError("no last page after 20 pages: " + all);
  }

  /** The page's nextBefore, or {@code null} on the last page (where it is left out). */
  private static String nextBefore(String page) {
    return JsonPath.parse(page, NULL_WHEN_MISSING).read("$.nextBefore");
  }

  private String get(String uri) {
    return client
        .get()
        .uri(uri)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }

  private static List<Instant> ends(String page) {
    return JsonPath.<List<String>>read(page, "$.runs[*].end").stream().map(Instant::parse).toList();
  }

  /** A clock the tests move, and jobs run on the thread that asks for the run. */
  @Configuration(proxyBeanMethods = false)
  static class ClockedRuns {

    @Bean
    MutableClock clock() {
      return MutableClock.at(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);
    }

    @Bean
    SchedulerBuilderCustomizer synchronousRuns() {
      return builder -> builder.executor(new SynchronousExecutor());
    }
  }
}
