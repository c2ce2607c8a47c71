package dev.apscheduler.spring.boot.actuate;

import dev.apscheduler.JobContext;
import dev.apscheduler.JobFunction;
import dev.apscheduler.JobRunInterceptor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Wraps each job run in a Micrometer {@link Observation} with a {@link JobRunObservationContext},
 * named by the application's {@link JobRunObservationConvention} if it has one and by the default
 * convention otherwise. Tracing handlers see the run as a span; the meter handler makes it the one
 * run timer ({@value DefaultJobRunObservationConvention#NAME} by default). A run that throws is the
 * observation's error.
 *
 * <p>Thread-safe.
 */
public final class ObservationJobRunInterceptor implements JobRunInterceptor {

  private final ObservationRegistry registry;
  private final @Nullable JobRunObservationConvention customConvention;
  private final JobRunObservationConvention defaultConvention;

  /**
   * Creates the interceptor reporting to {@code registry}.
   *
   * @param customConvention the application's convention, or {@code null} for the default one
   * @param defaultConvention the convention used when there is no custom one
   */
  public ObservationJobRunInterceptor(
      ObservationRegistry registry,
      @Nullable JobRunObservationConvention customConvention,
      JobRunObservationConvention defaultConvention) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.customConvention = customConvention;
    this.defaultConvention = Objects.requireNonNull(defaultConvention, "defaultConvention");
  }

  @Override
  public Object intercept(JobContext context, JobFunction task) throws Exception {
    JobRunObservationContext observed =
        new JobRunObservationContext(context.job(), context.scheduledFireTime());
    Observation observation =
        Observation.createNotStarted(customConvention, defaultConvention, () -> observed, registry);
    return observation.observeChecked(
        () -> {
          Object result = task.call(context);
          observed.setComplete(true);
          return result;
        });
  }
}
