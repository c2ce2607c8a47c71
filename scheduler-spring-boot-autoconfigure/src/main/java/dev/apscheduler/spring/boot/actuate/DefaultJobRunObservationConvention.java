package dev.apscheduler.spring.boot.actuate;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.Objects;

/**
 * The default {@link JobRunObservationConvention}: observations named {@value #NAME} (so the run
 * timer is {@code apscheduler.job.executions}, and Micrometer's default handler adds the long-task
 * timer {@code apscheduler.job.executions.active} and the {@code error} tag), with
 *
 * <ul>
 *   <li>low-cardinality keys {@value #JOB} (the job's name, task or id, as {@link JobTag} says),
 *       {@value #STORE} (the store's alias) and {@value #OUTCOME} ({@code SUCCESS}, {@code ERROR},
 *       or {@code UNKNOWN} while the run is going, as Spring's {@code tasks.scheduled.execution});
 *   <li>the high-cardinality key {@value #JOB_ID}, for traces only.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public class DefaultJobRunObservationConvention implements JobRunObservationConvention {

  /** The observation's name, and so the run timer's. */
  public static final String NAME = "apscheduler.job.executions";

  /** Key of the job: its name, task or id. */
  public static final String JOB = "job";

  /** Key of the job store's alias. */
  public static final String STORE = "store";

  /** Key of the run's outcome. */
  public static final String OUTCOME = "outcome";

  /** High-cardinality key of the job's id. */
  public static final String JOB_ID = "job.id";

  private final JobTag jobTag;

  /** The convention tagging jobs by name. */
  public DefaultJobRunObservationConvention() {
    this(JobTag.NAME);
  }

  /** The convention tagging jobs as {@code jobTag} says. */
  public DefaultJobRunObservationConvention(JobTag jobTag) {
    this.jobTag = Objects.requireNonNull(jobTag, "jobTag");
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(JobRunObservationContext context) {
    return "job " + context.getJob().name();
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(JobRunObservationContext context) {
    return KeyValues.of(
        KeyValue.of(JOB, jobTag.of(context.getJob())),
        KeyValue.of(STORE, context.getJob().jobStore()),
        KeyValue.of(OUTCOME, outcome(context)));
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(JobRunObservationContext context) {
    return KeyValues.of(JOB_ID, context.getJob().id());
  }

  private static String outcome(JobRunObservationContext context) {
    if (context.getError() != null) {
      return "ERROR";
    }
    return context.isComplete() ? "SUCCESS" : "UNKNOWN";
  }
}
