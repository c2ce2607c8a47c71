package dev.apscheduler.store;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.trigger.IntervalTrigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The second JVM of {@link FileStoreKillTest}: schedules jobs in a file store, starts a job that
 * adds one more job and never ends, and signals through a file once that job has added its job. It
 * waits there to be killed.
 *
 * <p>Arguments: the database path, the signal file.
 */
public final class FileStoreKillChild {

  /** The ids of the jobs the child adds. */
  static final List<String> JOB_IDS =
      List.of(
          "hourly-1", "hourly-2", "hourly-3", "paused", "with-args", "long", "added-by-long-job");

  private FileStoreKillChild() {}

  /** Runs the child. */
  public static void main(String[] args) throws Exception {
    Path database = Path.of(args[0]);
    Path running = Path.of(args[1]);
    CountDownLatch never = new CountDownLatch(1);
    Scheduler scheduler =
        Scheduler.builder().daemonic(false).jobStore("default", JobStores.file(database)).build();
    scheduler.registerTask("noop", ctx -> {});
    scheduler.registerTask(
        "long",
        ctx -> {
          scheduler.addJob(
              JobSpec.builder()
                  .id("added-by-long-job")
                  .task("noop")
                  .trigger(IntervalTrigger.of(Duration.ofHours(1)))
                  .build());
          Files.writeString(running, "running");
          never.await();
        });
    scheduler.start();
    for (String id : List.of("hourly-1", "hourly-2", "hourly-3")) {
      scheduler.addJob(
          JobSpec.builder()
              .id(id)
              .task("noop")
              .trigger(IntervalTrigger.of(Duration.ofHours(1)))
              .build());
    }
    scheduler.addJob(
        JobSpec.builder()
            .id("paused")
            .task("noop")
            .trigger(IntervalTrigger.of(Duration.ofHours(1)))
            .paused(true)
            .build());
    scheduler.addJob(
        JobSpec.builder()
            .id("with-args")
            .task("noop")
            .args(List.of(1, "two"))
            .kwargs(Map.of("three", List.of(3)))
            .trigger(IntervalTrigger.of(Duration.ofHours(1)))
            .build());
    scheduler.addJob(
        JobSpec.builder()
            .id("long")
            .task("long")
            .trigger(
                IntervalTrigger.builder()
                    .hours(1)
                    .startDate(ZonedDateTime.now().plus(Duration.ofMillis(200)))
                    .build())
            .build());
  }
}
