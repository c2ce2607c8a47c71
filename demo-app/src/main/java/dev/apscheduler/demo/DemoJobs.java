package dev.apscheduler.demo;

import dev.apscheduler.JobContext;
import dev.apscheduler.spring.annotation.CronSchedule;
import dev.apscheduler.spring.annotation.DateSchedule;
import dev.apscheduler.spring.annotation.IntervalSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aot.hint.annotation.Reflective;
import org.springframework.stereotype.Component;

/**
 * The demo's jobs: one of each annotation, and {@link #greet} for jobs added at runtime through
 * {@code POST /jobs} (stored as the reference {@code demoJobs::greet}). Thread-safe: stateless.
 */
@Component
public class DemoJobs {

  private static final Logger LOG = LoggerFactory.getLogger(DemoJobs.class);

  /** Every 10 seconds, or as often as {@code demo.heartbeat-interval} says. */
  @IntervalSchedule(
      id = "heartbeat",
      name = "Heartbeat",
      interval = "${demo.heartbeat-interval:10s}")
  public void heartbeat(JobContext context) {
    LOG.info("Heartbeat scheduled for {}", context.scheduledFireTime());
  }

  /** Every quarter of an hour, crontab style. */
  @CronSchedule(id = "quarter-hour-report", name = "Quarter-hour report", crontab = "*/15 * * * *")
  public String quarterHourReport() {
    LOG.info("Quarter-hour report");
    return "report written";
  }

  /** Every weekday at 09:00, APScheduler keyword style. */
  @CronSchedule(id = "morning-digest", dayOfWeek = "mon-fri", hour = "9", minute = "0")
  public void morningDigest() {
    LOG.info("Morning digest");
  }

  /** Once, at a date. */
  @DateSchedule(id = "new-year", runDate = "2030-01-01 00:00:00")
  public void newYear() {
    LOG.info("Happy new year");
  }

  /**
   * Greets someone; jobs added through {@code POST /jobs} run this. {@link Reflective} keeps it
   * invocable in a native image, where only the annotated methods are registered otherwise.
   */
  @Reflective
  public String greet(String name) {
    LOG.info("Hello, {}!", name);
    return "greeted " + name;
  }
}
