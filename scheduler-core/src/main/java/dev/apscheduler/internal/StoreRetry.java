package dev.apscheduler.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Backs off from job stores that fail (a database restart, a dropped connection): the first failure
 * is logged with its cause, retries follow at growing intervals (0.5 s doubling up to 30 s), and
 * recovery is logged once. Other stores are unaffected.
 *
 * <p>Thread-safe.
 */
final class StoreRetry {

  private static final System.Logger LOG = System.getLogger(StoreRetry.class.getName());
  private static final Duration FIRST_DELAY = Duration.ofMillis(500);
  private static final Duration MAX_DELAY = Duration.ofSeconds(30);

  private record Failure(int count, Instant retryAt) {}

  // @GuardedBy("this")
  private final Map<String, Failure> failures = new HashMap<>();

  /** When the store may be tried again, or {@code null} if it is not failing. */
  synchronized Instant retryAt(String alias) {
    Failure failure = failures.get(alias);
    return failure == null ? null : failure.retryAt();
  }

  /** Records a failure; returns when to try again. */
  synchronized Instant failed(String alias, Instant now, RuntimeException cause) {
    Failure previous = failures.get(alias);
    int count = previous == null ? 1 : previous.count() + 1;
    Duration delay = FIRST_DELAY.multipliedBy(1L << Math.min(count - 1, 16));
    if (delay.compareTo(MAX_DELAY) > 0) {
      delay = MAX_DELAY;
    }
    Instant retryAt = now.plus(delay);
    failures.put(alias, new Failure(count, retryAt));
    if (previous == null) {
      LOG.log(
          Level.WARNING,
          "Job store '" + alias + "' failed; its jobs wait, retrying with backoff: " + cause,
          cause);
    } else {
      LOG.log(Level.DEBUG, "Job store '" + alias + "' still failing (" + count + "): " + cause);
    }
    return retryAt;
  }

  /** Records a success, logging the recovery of a store that was failing. */
  synchronized void succeeded(String alias) {
    Failure failure = failures.remove(alias);
    if (failure != null) {
      LOG.log(
          Level.INFO,
          "Job store '" + alias + "' works again after " + failure.count() + " failed attempt(s)");
    }
  }

  /** Drops the state of a removed store. */
  synchronized void forget(String alias) {
    failures.remove(alias);
  }
}
