package dev.apscheduler.trigger.cron;

import java.util.Map;

/**
 * What the keyword fields or the crontab line of a trigger parse to: the fields as given, the
 * crontab line (or null), the compiled schedule and the trigger's description. Immutable and
 * thread-safe, so one instance is shared by every trigger built from equal expressions.
 */
record ParsedCron(
    Map<String, String> fields, String crontab, CronSchedule schedule, String description) {}
