package dev.apscheduler.spring.boot.actuate;

import dev.apscheduler.history.RunRecord;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.actuate.endpoint.Sanitizer;

/**
 * One run of a job from its run history, as the {@code scheduler} endpoint shows it. The exception
 * message and stack trace are masked unless values are shown.
 *
 * <p>Immutable and thread-safe.
 *
 * @param fireTime the scheduled fire time the run stood for
 * @param node the cluster node that ran it, or {@code null}
 * @param start when it started, or {@code null} if it never started (missed, skipped)
 * @param end when its outcome was known
 * @param duration how long it ran; zero if it never started
 * @param outcome how it ended: {@code SUCCESS}, {@code ERROR}, {@code MISSED}, ...
 * @param attempt which attempt at this fire time it was, from 1
 * @param exceptionClass the class of what it threw, or {@code null}
 * @param exceptionMessage the message of what it threw, masked unless shown, or {@code null}
 * @param stackTrace the stack trace (cut to 4 KB) when asked for and values are shown, else {@code
 *     null}
 */
public record RunDescriptor(
    Instant fireTime,
    String node,
    Instant start,
    Instant end,
    Duration duration,
    String outcome,
    int attempt,
    String exceptionClass,
    String exceptionMessage,
    String stackTrace) {

  /**
   * Describes {@code record}: the exception message and stack trace go through {@code sanitizer}
   * (keys {@code runs.exceptionMessage} and {@code runs.stackTrace}), so they are masked unless
   * {@code showValues}, and then as the application's {@code SanitizingFunction}s say.
   *
   * @param withStackTrace whether to include the stack trace, which only shown values do
   */
  public static RunDescriptor of(
      RunRecord record, boolean showValues, boolean withStackTrace, Sanitizer sanitizer) {
    Object message =
        record.exceptionMessage() == null
            ? null
            : JobDescriptor.sanitize(
                sanitizer, "runs.exceptionMessage", record.exceptionMessage(), showValues);
    Object trace =
        withStackTrace && showValues && record.stackTrace() != null
            ? JobDescriptor.sanitize(sanitizer, "runs.stackTrace", record.stackTrace(), true)
            : null;
    return new RunDescriptor(
        record.fireTime(),
        record.node(),
        record.start(),
        record.end(),
        record.duration(),
        record.outcome().name(),
        record.attempt(),
        record.exceptionClass(),
        message == null ? null : message.toString(),
        trace == null ? null : trace.toString());
  }
}
