package dev.apscheduler.demo;

import dev.apscheduler.event.JobEvent;
import dev.apscheduler.event.JobStoreEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Logs scheduler events, received as Spring application events. Thread-safe: stateless. */
@Component
public class SchedulerEventLogger {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerEventLogger.class);

  @EventListener
  public void on(JobEvent event) {
    switch (event.type()) {
      case JOB_EXECUTED ->
          LOG.info(
              "Job {} ran for {} and returned {}",
              event.jobId(),
              event.scheduledRunTime(),
              event.returnValue().orElse(null));
      case JOB_ERROR ->
          LOG.warn("Job {} failed: {}", event.jobId(), event.exception().orElse(null));
      case JOB_MISSED ->
          LOG.warn("Job {} missed its run at {}", event.jobId(), event.scheduledRunTime());
      default -> LOG.debug("{}", event);
    }
  }

  @EventListener
  public void on(JobStoreEvent event) {
    LOG.info("{} {} in store {}", event.type(), event.jobId().orElse("-"), event.jobStore());
  }
}
