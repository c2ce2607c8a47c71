package dev.apscheduler;

/**
 * Wraps each run of a job, on the worker thread that runs it: for tracing, metrics or context
 * propagation. An interceptor must call {@code task.call(context)} once and return its result (or
 * let its exception through); what it throws is reported as the run's {@code JOB_ERROR}.
 *
 * <p>Implementations are called from several worker threads at once and must be thread-safe.
 */
@FunctionalInterface
public interface JobRunInterceptor {

  /** Runs {@code task} for {@code context}, with whatever the interceptor adds around it. */
  Object intercept(JobContext context, JobFunction task) throws Exception;
}
