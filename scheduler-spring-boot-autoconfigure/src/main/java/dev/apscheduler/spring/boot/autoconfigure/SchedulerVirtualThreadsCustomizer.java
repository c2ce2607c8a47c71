package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.SchedulerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.system.JavaVersion;

/**
 * Runs jobs on virtual threads under {@code spring.threads.virtual.enabled=true}, as Spring Boot
 * does for its own executors; on a Java runtime older than 21 it keeps the thread pool and says so
 * in the log.
 *
 * <p>Thread-safe.
 */
final class SchedulerVirtualThreadsCustomizer implements SchedulerBuilderCustomizer {

  private static final Logger LOG =
      LoggerFactory.getLogger(SchedulerVirtualThreadsCustomizer.class);

  @Override
  public void customize(SchedulerBuilder builder) {
    if (JavaVersion.getJavaVersion().isEqualOrNewerThan(JavaVersion.TWENTY_ONE)) {
      builder.virtualThreads();
    } else {
      LOG.info(
          "spring.threads.virtual.enabled is set, but virtual threads need Java 21 or newer"
              + " (this is Java {}): jobs run on the apscheduler.threadpool",
          Runtime.version().feature());
    }
  }
}
