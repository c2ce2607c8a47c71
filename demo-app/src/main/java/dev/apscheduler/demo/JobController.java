package dev.apscheduler.demo;

import dev.apscheduler.Job;
import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.trigger.IntervalTrigger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Adds jobs at runtime: {@code POST /jobs} with a name to greet and an interval. Thread-safe. */
@RestController
@RequestMapping("/jobs")
public class JobController {

  private final Scheduler scheduler;

  public JobController(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** Schedules {@code demoJobs::greet(name)} every {@code intervalSeconds}. */
  @PostMapping
  public ResponseEntity<JobCreated> add(@RequestBody GreetingJob request) {
    Job job =
        scheduler.addJob(
            JobSpec.builder()
                .id(request.id())
                .name("Greet " + request.name())
                .task("demoJobs::greet")
                .args(List.of(request.name()))
                .trigger(IntervalTrigger.of(Duration.ofSeconds(request.intervalSeconds())))
                .replaceExisting(true)
                .build());
    return ResponseEntity.created(URI.create("/actuator/scheduler/" + job.id()))
        .body(new JobCreated(job.id(), job.name(), job.nextRunTime()));
  }

  /**
   * A job to add.
   *
   * @param id the job's id
   * @param name who to greet
   * @param intervalSeconds how often
   */
  public record GreetingJob(String id, String name, long intervalSeconds) {}

  /**
   * The job added.
   *
   * @param id the job's id
   * @param name the job's name
   * @param nextRunTime when it first runs
   */
  public record JobCreated(String id, String name, Instant nextRunTime) {}
}
