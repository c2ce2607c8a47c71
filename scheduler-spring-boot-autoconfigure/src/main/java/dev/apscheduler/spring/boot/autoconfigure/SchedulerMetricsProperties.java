package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.spring.boot.actuate.JobTag;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The scheduler's meters under {@code apscheduler.metrics}.
 *
 * <p>Not thread-safe: bound once at start-up, then only read.
 */
@ConfigurationProperties("apscheduler.metrics")
public class SchedulerMetricsProperties {

  /**
   * What the "job" tag of the run meters holds: name (the job's name, its task when unnamed), task
   * (the task reference) or id (one set of meters per job: only for a fixed set of stable ids).
   */
  private JobTag jobTag = JobTag.NAME;

  /**
   * How often the apscheduler.jobs gauge reads the job count from the store again; between reads it
   * follows this scheduler's add and remove events.
   */
  private Duration jobCountRefresh = Duration.ofSeconds(30);

  /**
   * How long the meters of a job tag value are kept after the last job holding it was removed, so
   * that scrapes see their last values; a job taking the value again keeps them.
   */
  private Duration removedJobRetention = Duration.ofMinutes(5);

  public Duration getRemovedJobRetention() {
    return removedJobRetention;
  }

  public void setRemovedJobRetention(Duration removedJobRetention) {
    this.removedJobRetention = removedJobRetention;
  }

  public JobTag getJobTag() {
    return jobTag;
  }

  public void setJobTag(JobTag jobTag) {
    this.jobTag = jobTag;
  }

  public Duration getJobCountRefresh() {
    return jobCountRefresh;
  }

  public void setJobCountRefresh(Duration jobCountRefresh) {
    this.jobCountRefresh = jobCountRefresh;
  }
}
