package dev.apscheduler.spring.boot.actuate;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names the {@code Observation} of a job run and its key values. The run timer is derived from the
 * observation, so its name and tags are this convention's name and low-cardinality key values;
 * define a bean of this type to replace {@link DefaultJobRunObservationConvention}.
 *
 * <p>Implementations must be thread-safe: runs are observed on many threads at once.
 */
public interface JobRunObservationConvention
    extends ObservationConvention<JobRunObservationContext> {

  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof JobRunObservationContext;
  }
}
