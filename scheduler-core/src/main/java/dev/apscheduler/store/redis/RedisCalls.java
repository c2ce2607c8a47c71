package dev.apscheduler.store.redis;

import dev.apscheduler.Job;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.store.JobCodec;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Runs the scripts of a {@link RedisJobStore} over its keys and turns Redis's failures into {@link
 * JobStoreException}s that name the store; also converts between next run times and scores.
 *
 * <p>Thread-safe.
 *
 * @param redis the started store's commands (it throws if the store is not started)
 * @param keys the store's keys, {@code KEYS} of every script
 * @param description the store's description, for messages
 */
record RedisCalls(
    Supplier<RedisCommands<String, String>> redis, String[] keys, Supplier<String> description) {

  /** Runs a script that returns a number; {@code what} names the change for a failure. */
  long change(String what, String script, String... args) {
    try {
      Long result = redis.get().eval(script, ScriptOutputType.INTEGER, keys, args);
      return result == null ? 0 : result;
    } catch (RedisException e) {
      throw failure(what, e);
    }
  }

  /**
   * Runs a change script again while it answers 2 (a cluster node's due pass holds the job, for
   * milliseconds, as a row lock would), for at most {@code wait}.
   */
  long changeUnlessClaimed(Duration wait, String what, String script, String... args) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      long result = change(what, script, args);
      if (result != 2 || System.nanoTime() - deadline > 0) {
        return result;
      }
      LockSupport.parkNanos(1_000_000);
    }
  }

  /** Runs a script that returns a list; {@code what} names the query for a failure. */
  List<Object> query(String what, String script, String... args) {
    try {
      List<Object> result = redis.get().eval(script, ScriptOutputType.MULTI, keys, args);
      return result == null ? List.of() : result;
    } catch (RedisException e) {
      throw failure(what, e);
    }
  }

  /** The commands, for the few reads that are no script. */
  RedisCommands<String, String> commands() {
    return redis.get();
  }

  /** A failure to do {@code what}, naming the store. */
  JobStoreException failure(String what, RedisException e) {
    return new JobStoreException(
        description.get() + ": could not " + what + ": " + e.getMessage(), e);
  }

  /** A job's score: its next run time in epoch microseconds, or empty for none. */
  static String score(Job job) {
    return job.nextRunTime() == null
        ? ""
        : Long.toString(JobCodec.toEpochMicros(job.nextRunTime()));
  }

  /** The next run time of a score; {@code null} for none. */
  static Instant instant(Object score) {
    if (score == null) {
      return null;
    }
    return JobCodec.fromEpochMicros((long) Double.parseDouble(score.toString()));
  }
}
