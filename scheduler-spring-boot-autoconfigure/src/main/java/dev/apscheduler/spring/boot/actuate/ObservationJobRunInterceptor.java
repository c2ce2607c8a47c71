package dev.apscheduler.spring.boot.actuate;

import dev.apscheduler.JobContext;
import dev.apscheduler.JobFunction;
import dev.apscheduler.JobRunInterceptor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;

/**
 * Wraps each job run in a Micrometer {@link Observation} named {@value #NAME}, so that tracing and
 * observation handlers see it: low-cardinality key {@code job.store}, high-cardinality key {@code
 * job.id}, and the run's exception as the observation's error.
 *
 * <p>Thread-safe.
 */
public final class ObservationJobRunInterceptor implements JobRunInterceptor {

  /** The observation's name. */
  public static final String NAME = "apscheduler.job.run";

  private final ObservationRegistry registry;

  /** Creates the interceptor reporting to {@code registry}. */
  public ObservationJobRunInterceptor(ObservationRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public Object intercept(JobContext context, JobFunction task) throws Exception {
    Observation observation =
        Observation.createNotStarted(NAME, registry)
            .contextualName("job " + context.job().id())
            .lowCardinalityKeyValue("job.store", context.job().jobStore())
            .highCardinalityKeyValue("job.id", context.job().id());
    return observation.observeChecked(() -> task.call(context));
  }
}
