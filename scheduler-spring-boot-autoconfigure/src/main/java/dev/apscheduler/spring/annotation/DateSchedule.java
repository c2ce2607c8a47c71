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
 * Runs the annotated bean method once, at a date and time. The method takes no parameter or a
 * {@link dev.apscheduler.JobContext}. The job's task is the reference {@code beanName::methodName},
 * so persistent stores can keep it. String attributes may hold {@code ${...}} placeholders.
 *
 * <p>Ahead-of-time processing registers the method for reflective invocation ({@link Reflective}),
 * so it runs in a native image too.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective
public @interface DateSchedule {

  /**
   * When to run: {@code YYYY-MM-DD}, {@code YYYY-MM-DD HH:MM:SS} (wall time in {@link #timezone})
   * or ISO-8601 with an offset.
   */
  String runDate();

  /** Time zone of the date; the scheduler's if empty. */
  String timezone() default "";

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
