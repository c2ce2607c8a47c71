package dev.apscheduler.spring.annotation;

import dev.apscheduler.LostRunPolicy;
import dev.apscheduler.SchedulerOptions;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.aot.hint.annotation.Reflective;

/**
 * Runs the annotated bean method at a fixed interval, like the guide's {@code interval_schedule}
 * decorator. The method takes no parameter or a {@link dev.apscheduler.JobContext}. The job's task
 * is the reference {@code beanName::methodName}, so persistent stores can keep it. Give the
 * interval as {@link #interval} or as the sum of the unit fields. String attributes may hold {@code
 * ${...}} placeholders.
 *
 * <p>Ahead-of-time processing registers the method for reflective invocation ({@link Reflective}),
 * so it runs in a native image too.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective
public @interface IntervalSchedule {

  /** The interval, such as {@code 30s}, {@code 5m} or {@code PT30S} (a bare number is seconds). */
  String interval() default "";

  /** Weeks added to the interval. */
  long weeks() default 0;

  /** Days added to the interval. */
  long days() default 0;

  /** Hours added to the interval. */
  long hours() default 0;

  /** Minutes added to the interval. */
  long minutes() default 0;

  /** Seconds added to the interval. */
  long seconds() default 0;

  /** The first fire time, such as {@code 2026-01-01 09:00:00}; one interval from now if empty. */
  String startDate() default "";

  /** The last possible fire time; none if empty. */
  String endDate() default "";

  /** Time zone of the dates; the scheduler's if empty. */
  String timezone() default "";

  /** A random delay of up to this much added to each fire time, such as {@code 5s}. */
  String jitter() default "";

  /** The job's id; {@code beanName.methodName} if empty. Placeholders are resolved. */
  String id() default "";

  /** The job's name; the task reference if empty. */
  String name() default "";

  /** Alias of the job store to put the job in; the default store if empty. */
  String jobStore() default "";

  /**
   * How late a run may start before it is missed, such as {@code 30s} or {@code PT30S} (a bare
   * number is seconds); the scheduler's {@code misfire-grace-time} if empty.
   */
  String misfireGraceTime() default "";

  /**
   * Whether a backlog of due runs runs once: {@code true} or {@code false}; the scheduler's {@code
   * coalesce} if empty.
   */
  String coalesce() default "";

  /** How many runs before the job is removed; unlimited by default. */
  int maxRuns() default SchedulerOptions.UNLIMITED_RUNS;

  /** How many runs of the job may run at the same time. */
  int maxInstances() default SchedulerOptions.DEFAULT_MAX_INSTANCES;

  /** Whether the job starts paused. */
  boolean paused() default false;

  /** How a failed run is tried again; the scheduler's default retry unless set. */
  Retry retry() default @Retry;

  /**
   * What a cluster does with a run in flight on a node that stopped: report it, or run that fire
   * time once more on a live node (for idempotent jobs).
   */
  LostRunPolicy onLost() default LostRunPolicy.REPORT;
}
