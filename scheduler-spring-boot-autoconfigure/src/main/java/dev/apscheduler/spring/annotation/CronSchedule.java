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
 * Runs the annotated bean method on a cron schedule, like the guide's {@code cron_schedule}
 * decorator: either a five-field {@link #crontab} line, or APScheduler's keyword fields (fields
 * left empty follow the cron trigger's defaults). The method takes no parameter or a {@link
 * dev.apscheduler.JobContext}. The job's task is the reference {@code beanName::methodName}, so
 * persistent stores can keep it. Ahead-of-time processing registers the method for reflective
 * invocation ({@link Reflective}), so it runs in a native image too. String attributes may hold
 * {@code ${...}} placeholders.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective
public @interface CronSchedule {

  /** A crontab line such as {@code 0 9-17 * * mon-fri}; not combined with keyword fields. */
  String crontab() default "";

  /** Year field, such as {@code 2026}. */
  String year() default "";

  /** Month field (1-12 or names), such as {@code 1-6}. */
  String month() default "";

  /** Day-of-month field (1-31, {@code last}, {@code xth y}, {@code last x}). */
  String day() default "";

  /** ISO week field (1-53). */
  String week() default "";

  /** Day-of-week field (0-6 with 0 = Monday, or names), such as {@code mon-fri}. */
  String dayOfWeek() default "";

  /** Hour field (0-23). */
  String hour() default "";

  /** Minute field (0-59). */
  String minute() default "";

  /** Second field (0-59). */
  String second() default "";

  /** The earliest possible fire time, such as {@code 2026-01-01 09:00:00}. */
  String startDate() default "";

  /** The latest possible fire time. */
  String endDate() default "";

  /** Time zone whose wall clock the fields match; the scheduler's if empty. */
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
