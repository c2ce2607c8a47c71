package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.Job;
import dev.apscheduler.Scheduler;
import dev.apscheduler.testing.MutableClock;
import dev.apscheduler.testing.TestSchedulers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scheduler process killed with SIGKILL while a job runs loses none of its jobs. */
class FileStoreKillTest {

  @TempDir Path directory;

  @Test
  void everyJobSurvivesAKilledProcess() throws Exception {
    Path database = directory.resolve("jobs");
    Path running = directory.resolve("running");
    Path log = directory.resolve("child.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                FileStoreKillChild.class.getName(),
                database.toString(),
                running.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(running) || !child.isAlive());
      assertThat(running).as("child output:%n%s", output(log)).exists();
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    Scheduler after =
        TestSchedulers.synchronous(MutableClock.at(Instant.now(), ZoneOffset.UTC))
            .jobStore("default", JobStores.file(database))
            .build();
    after.registerTask("noop", ctx -> {});
    after.start();
    try {
      List<Job> jobs = after.getJobs();
      assertThat(jobs)
          .extracting(Job::id)
          .containsExactlyInAnyOrderElementsOf(FileStoreKillChild.JOB_IDS);
      Job withArgs = after.getJob("with-args").orElseThrow();
      assertThat(withArgs.args()).containsExactly(1, "two");
      assertThat(withArgs.kwargs()).isEqualTo(Map.of("three", List.of(3)));
      assertThat(after.getJob("paused").orElseThrow().paused()).isTrue();
      Job interrupted = after.getJob("long").orElseThrow();
      assertThat(interrupted.runs()).isEqualTo(1);
      assertThat(interrupted.nextRunTime()).isAfter(Instant.now().plus(Duration.ofMinutes(50)));
    } finally {
      after.shutdown();
    }
  }

  private static String output(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "(none)";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
