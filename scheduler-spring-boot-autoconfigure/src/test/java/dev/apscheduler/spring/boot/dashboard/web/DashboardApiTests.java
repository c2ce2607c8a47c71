package dev.apscheduler.spring.boot.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.Job;
import dev.apscheduler.JobSpec;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.Scheduler;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.history.RunRetention;
import dev.apscheduler.spring.boot.actuate.ForwardingJobStore;
import dev.apscheduler.trigger.IntervalTrigger;
import dev.apscheduler.trigger.cron.CronTrigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The dashboard's JSON API over real HTTP, with its write actions on. */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "apscheduler.timezone=UTC",
      "apscheduler.dashboard.enabled=true",
      "apscheduler.dashboard.read-only=false"
    })
@AutoConfigureRestTestClient
class DashboardApiTests {

  @Autowired RestTestClient client;
  @Autowired Scheduler scheduler;

  private final AtomicInteger ran = new AtomicInteger();

  @BeforeEach
  void addJobs() {
    for (int i = 0; i < 120; i++) {
      scheduler.addJob(
          JobSpec.builder()
              .id(String.format("job-%03d", i))
              .name(i % 2 == 0 ? "Even report" : "Odd cleanup")
              .task(ctx -> ran.incrementAndGet())
              .trigger(IntervalTrigger.of(Duration.ofHours(1).plusMinutes(i)))
              .paused(i >= 110)
              .build());
    }
  }

  @AfterEach
  void removeJobs() {
    scheduler.getJobs().forEach(job -> scheduler.removeJob(job.id()));
  }

  @Test
  void theOverviewShowsStateStoresThreadPoolAndTheLastHour() {
    client
        .get()
        .uri("/apscheduler/api/overview")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.state")
        .isEqualTo("RUNNING")
        .jsonPath("$.timezone")
        .isEqualTo("UTC")
        .jsonPath("$.totalJobs")
        .isEqualTo(120)
        .jsonPath("$.stores.default.jobs")
        .isEqualTo(120)
        .jsonPath("$.threadPool.maxThreads")
        .isEqualTo(20)
        .jsonPath("$.lastHour.runs")
        .isNumber();
  }

  @Test
  void jobsComeOnePageAtATimeByNextRunTime() {
    client
        .get()
        .uri("/apscheduler/api/jobs?limit=50")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.total")
        .isEqualTo(120)
        .jsonPath("$.hasMore")
        .isEqualTo(true)
        .jsonPath("$.jobs.length()")
        .isEqualTo(50)
        .jsonPath("$.jobs[0].id")
        .isEqualTo("job-000")
        .jsonPath("$.jobs[0].trigger")
        .value(String.class, trigger -> assertThat(trigger).startsWith("every 1 h ("));
    client
        .get()
        .uri("/apscheduler/api/jobs?offset=100&limit=50")
        .exchange()
        .expectBody()
        .jsonPath("$.jobs.length()")
        .isEqualTo(20)
        .jsonPath("$.hasMore")
        .isEqualTo(false)
        .jsonPath("$.jobs[19].paused")
        .isEqualTo(true);
  }

  @Test
  void aJobsLastOutcomeComesFromItsRunHistoryWhenItHasNotRunSinceTheStart() {
    Instant earlier = Instant.now().minus(Duration.ofDays(1));
    scheduler
        .jobStores()
        .get("default")
        .runHistory()
        .record(
            List.of(
                RunRecord.of(
                    "job-000",
                    earlier,
                    earlier,
                    earlier.plusSeconds(1),
                    RunOutcome.ERROR,
                    new IllegalStateException("before the restart"))),
            RunRetention.defaults());
    client
        .get()
        .uri("/apscheduler/api/jobs?limit=2")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.jobs[0].id")
        .isEqualTo("job-000")
        .jsonPath("$.jobs[0].lastOutcome")
        .isEqualTo("ERROR")
        .jsonPath("$.jobs[1].lastOutcome")
        .doesNotExist();
  }

  @Test
  void jobsAreFilteredByStoreStateAndText() {
    client
        .get()
        .uri("/apscheduler/api/jobs?state=paused")
        .exchange()
        .expectBody()
        .jsonPath("$.jobs.length()")
        .isEqualTo(10)
        .jsonPath("$.jobs[*].paused")
        .value(List.class, paused -> assertThat(paused).containsOnly(true))
        .jsonPath("$.total")
        .doesNotExist();
    client
        .get()
        .uri("/apscheduler/api/jobs?q=JOB-01&state=scheduled&store=default&limit=4")
        .exchange()
        .expectBody()
        .jsonPath("$.jobs[*].id")
        .isEqualTo(List.of("job-010", "job-011", "job-012", "job-013"))
        .jsonPath("$.hasMore")
        .isEqualTo(true);
    client
        .get()
        .uri("/apscheduler/api/jobs?q=cleanup&offset=50")
        .exchange()
        .expectBody()
        .jsonPath("$.jobs.length()")
        .isEqualTo(10)
        .jsonPath("$.hasMore")
        .isEqualTo(false);
  }

  @Test
  void aJobShowsItsOptionsAndNextTenFireTimesInItsZone() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    scheduler.addJob(
        JobSpec.builder()
            .id("berlin")
            .name("Berlin noon")
            .task(ctx -> {})
            .trigger(CronTrigger.builder().hour("12").minute("0").timezone(berlin).build())
            .build());
    client
        .get()
        .uri("/apscheduler/api/jobs/berlin")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.name")
        .isEqualTo("Berlin noon")
        .jsonPath("$.trigger")
        .isEqualTo("at 12:00 (Europe/Berlin)")
        .jsonPath("$.zone")
        .isEqualTo("Europe/Berlin")
        .jsonPath("$.nextFireTimes.length()")
        .isEqualTo(10)
        .jsonPath("$.nextFireTimes[0].local")
        .value(String.class, local -> assertThat(local).endsWith(" 12:00:00"))
        .jsonPath("$.history")
        .isArray();
  }

  @Test
  void pauseResumeRunNowAndDeleteChangeTheJob() {
    post("/apscheduler/api/jobs/job-001/pause").expectStatus().isOk();
    assertThat(scheduler.getJob("job-001").orElseThrow().paused()).isTrue();
    post("/apscheduler/api/jobs/job-001/resume").expectStatus().isOk();
    assertThat(scheduler.getJob("job-001").orElseThrow().paused()).isFalse();

    post("/apscheduler/api/jobs/job-001/run")
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.started")
        .isEqualTo(true);
    await().atMost(Duration.ofSeconds(10)).until(() -> ran.get() == 1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !scheduler.getRunHistory("job-001", 5).isEmpty());
    client
        .get()
        .uri("/apscheduler/api/jobs/job-001")
        .exchange()
        .expectBody()
        .jsonPath("$.history[0].outcome")
        .isEqualTo("SUCCESS")
        .jsonPath("$.history[0].attempt")
        .isEqualTo(1);

    client.delete().uri("/apscheduler/api/jobs/job-001").exchange().expectStatus().isNoContent();
    assertThat(scheduler.getJob("job-001")).isEmpty();
  }

  @Test
  void badRequestsAnswer4xxWithAMessage() {
    expectProblem(client.get().uri("/apscheduler/api/jobs?limit=abc").exchange(), 400, "limit");
    expectProblem(client.get().uri("/apscheduler/api/jobs?limit=0").exchange(), 400, "limit");
    expectProblem(client.get().uri("/apscheduler/api/jobs?offset=-1").exchange(), 400, "offset");
    expectProblem(
        client.get().uri("/apscheduler/api/jobs?state=sleeping").exchange(),
        400,
        "expected all, scheduled or paused");
    expectProblem(
        client.get().uri("/apscheduler/api/jobs?store=nope").exchange(), 400, "store: 'nope'");
    expectProblem(client.get().uri("/apscheduler/api/jobs/missing").exchange(), 404, "missing");
    expectProblem(post("/apscheduler/api/jobs/missing/pause"), 404, "missing");
    expectProblem(post("/apscheduler/api/jobs/job-000/explode"), 400, "pause, resume or run");
    expectProblem(client.delete().uri("/apscheduler/api/jobs/missing").exchange(), 404, "missing");
    expectProblem(
        client.get().uri("/apscheduler/api/schedule?crontab=*&count=0").exchange(), 400, "count");
    expectProblem(
        client.get().uri("/apscheduler/api/schedule?crontab=*&count=x").exchange(), 400, "count");
  }

  @Test
  void aStoreThatCannotBeReadAnswers503AndTheOverviewNamesIt() {
    scheduler.addJobStore(new UnreadableStore(), "broken");
    try {
      expectProblem(
          client.get().uri("/apscheduler/api/jobs?store=broken").exchange(),
          503,
          "database is down");
      client
          .get()
          .uri("/apscheduler/api/overview")
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.stores.broken.error")
          .value(String.class, error -> assertThat(error).contains("database is down"));
    } finally {
      scheduler.removeJobStore("broken");
    }
  }

  @Test
  void theScheduleBoxAnswersFireTimesOrTheErrorNamingTheField() {
    client
        .get()
        .uri("/apscheduler/api/schedule?crontab={c}&zone=Europe/Paris&count=3", "0 9 * * mon")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.zone")
        .isEqualTo("Europe/Paris")
        .jsonPath("$.fireTimes.length()")
        .isEqualTo(3)
        .jsonPath("$.fireTimes[0].local")
        .value(String.class, local -> assertThat(local).endsWith(" 09:00:00"))
        .jsonPath("$.error")
        .doesNotExist();
    client
        .get()
        .uri("/apscheduler/api/schedule?minute=61&hour=9")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.error")
        .value(String.class, error -> assertThat(error).startsWith("minute: '61'"))
        .jsonPath("$.fireTimes.length()")
        .isEqualTo(0);
    client
        .get()
        .uri("/apscheduler/api/schedule?interval=90m&zone=Mars/Olympus")
        .exchange()
        .expectBody()
        .jsonPath("$.error")
        .value(String.class, error -> assertThat(error).startsWith("zone: 'Mars/Olympus'"));
  }

  @Test
  void thePageAndItsFilesAreServedFromTheJar() {
    client
        .get()
        .uri("/apscheduler")
        .exchange()
        .expectStatus()
        .isFound()
        .expectHeader()
        .location("/apscheduler/");
    client
        .get()
        .uri("/apscheduler/")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.TEXT_HTML)
        .expectBody(String.class)
        .value(html -> assertThat(html).contains("assets/app.js").doesNotContain("http"));
    client
        .get()
        .uri("/apscheduler/assets/app.js")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .value("Content-Type", type -> assertThat(type).contains("javascript"));
    client.get().uri("/apscheduler/assets/nope.js").exchange().expectStatus().isNotFound();
  }

  private RestTestClient.ResponseSpec post(String uri) {
    return client.post().uri(uri).exchange();
  }

  private static void expectProblem(RestTestClient.ResponseSpec response, int status, String text) {
    response
        .expectStatus()
        .isEqualTo(status)
        .expectBody()
        .jsonPath("$.detail")
        .value(String.class, detail -> assertThat(detail).contains(text));
  }

  /** A store whose listing fails, as a store whose database is down. */
  static final class UnreadableStore extends ForwardingJobStore {
    @Override
    public List<Job> getAllJobs() {
      throw new JobStoreException("database is down");
    }

    @Override
    public int countJobs() {
      throw new JobStoreException("database is down");
    }
  }
}
