package dev.apscheduler.demo;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.trigger.IntervalTrigger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Adds jobs at runtime: {@code POST /jobs} with an id, a name to greet and an interval; the answer
 * says where the job's run history is ({@code /actuator/scheduler/{id}/runs}). Invalid input
 * answers 400 and an id that is taken 409, each with an RFC 9457 problem detail; neither changes
 * any job. Thread-safe.
 */
@RestController
@RequestMapping("/jobs")
public class JobController {

  /** The longest interval accepted: a year. */
  static final long MAX_INTERVAL_SECONDS = Duration.ofDays(365).toSeconds();

  private final Scheduler scheduler;

  public JobController(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** Schedules {@code demoJobs::greet(name)} every {@code intervalSeconds}. */
  @PostMapping
  public ResponseEntity<JobCreated> add(@RequestBody GreetingJob request) {
    request.validate();
    Job job;
    try {
      job =
          scheduler.addJob(
              JobSpec.builder()
                  .id(request.id())
                  .name("Greet " + request.name())
                  .task("demoJobs::greet")
                  .args(List.of(request.name()))
                  .trigger(IntervalTrigger.of(Duration.ofSeconds(request.intervalSeconds())))
                  .build());
    } catch (ConflictingIdException e) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.CONFLICT,
              "A job with id '"
                  + e.jobId()
                  + "' already exists; choose another id, or remove that job first (DELETE"
                  + " /actuator/scheduler/"
                  + e.jobId()
                  + ")");
      problem.setTitle("Job id taken");
      problem.setProperty("jobId", e.jobId());
      throw new ErrorResponseException(HttpStatus.CONFLICT, problem, e);
    }
    String detail = "/actuator/scheduler/" + job.id();
    return ResponseEntity.created(URI.create(detail))
        .body(new JobCreated(job.id(), job.name(), job.nextRunTime(), detail + "/runs"));
  }

  /**
   * A job to add.
   *
   * @param id the job's id
   * @param name who to greet
   * @param intervalSeconds how often, from 1 second to {@link #MAX_INTERVAL_SECONDS}
   */
  public record GreetingJob(String id, String name, Long intervalSeconds) {

    /** Refuses missing and out-of-range fields with a 400 problem detail naming the field. */
    void validate() {
      if (id == null || id.isBlank()) {
        throw invalid("id: missing; expected a job id such as greet-alice");
      }
      if (name == null || name.isBlank()) {
        throw invalid("name: missing; expected who to greet, such as Alice");
      }
      if (intervalSeconds == null
          || intervalSeconds < 1
          || intervalSeconds > MAX_INTERVAL_SECONDS) {
        throw invalid(
            "intervalSeconds: "
                + (intervalSeconds == null ? "missing" : intervalSeconds + " is not valid")
                + "; expected a whole number from 1 to "
                + MAX_INTERVAL_SECONDS);
      }
    }

    private static ErrorResponseException invalid(String detail) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
      problem.setTitle("Invalid job");
      return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }
  }

  /**
   * The job added.
   *
   * @param id the job's id
   * @param name the job's name
   * @param nextRunTime when it first runs
   * @param runs where its run history is read, a page at a time
   */
  public record JobCreated(String id, String name, Instant nextRunTime, String runs) {}
}
