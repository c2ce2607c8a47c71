package dev.apscheduler.store.redis;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.JobNotFoundException;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.history.RunHistoryStore;
import dev.apscheduler.internal.ExclusiveLease;
import dev.apscheduler.store.DueJobProcessor;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobDocuments;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.JobStoreContext;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps jobs in Redis, through Lettuce: a hash {@code <prefix>jobs} of job id to JSON document
 * ({@link JobCodec}) and a sorted set {@code <prefix>run_times} of job id by next run time (UTC
 * epoch microseconds as the score; paused jobs are not in it). The default prefix is {@value
 * #DEFAULT_KEY_PREFIX}. Read a job with {@code redis-cli HGET apscheduler.jobs <id>}.
 *
 * <p>Every change is one Lua script, so the hash and the sorted set change together. The store owns
 * its client; Lettuce reconnects by itself after a dropped connection, and commands fail fast
 * meanwhile so that the scheduler backs off and retries. Documents that cannot be read are logged
 * and skipped, never changed or deleted.
 *
 * <p>One scheduler at a time uses a Redis store: it holds a lease under {@code <prefix>owner}
 * ({@link Builder#exclusiveLease}), and a second scheduler on the same keys is refused at start,
 * since each would run every fire time. To share jobs between schedulers use a JDBC store in
 * cluster mode.
 *
 * <p>Thread-safe.
 */
public final class RedisJobStore implements JobStore {

  /** The default prefix of the two keys. */
  public static final String DEFAULT_KEY_PREFIX = "apscheduler.";

  /**
   * The default time a scheduler's hold on the store outlives it when it dies without shutting
   * down.
   */
  public static final Duration DEFAULT_EXCLUSIVE_LEASE = Duration.ofSeconds(10);

  /**
   * The most jobs {@link #addJobs} writes in one script; larger lists go in several (see there).
   */
  private static final int MAX_JOBS_PER_SCRIPT = 10_000;

  private final String redisUri;
  private final String keyPrefix;
  private final Duration timeout;
  private final String[] keys;
  private final Duration exclusiveLease;
  private final RedisRunHistory history;

  private volatile String description;
  private volatile RedisSession session;
  private volatile JobDocuments documents;

  private RedisJobStore(Builder b) {
    this.redisUri = b.redisUri;
    this.keyPrefix = b.keyPrefix;
    this.timeout = b.timeout;
    this.exclusiveLease = b.exclusiveLease;
    this.keys = new String[] {keyPrefix + "jobs", keyPrefix + "run_times"};
    this.history = new RedisRunHistory(keyPrefix, this::redis);
    this.description = "Redis job store (keys " + keys[0] + ", " + keys[1] + ")";
  }

  /**
   * Starts configuring a store on the Redis server at {@code redisUri}, such as {@code
   * redis://127.0.0.1:6379/0} (see Lettuce's {@code RedisURI} for passwords and TLS).
   */
  public static Builder builder(String redisUri) {
    return new Builder(Objects.requireNonNull(redisUri, "redisUri"));
  }

  /** The hash key of the job documents. */
  public String jobsKey() {
    return keys[0];
  }

  /** The sorted set key of the next run times. */
  public String runTimesKey() {
    return keys[1];
  }

  /** Sorted sets {@code <prefix>runs:<job id>} of records by end time ({@link RedisRunHistory}). */
  @Override
  public RunHistoryStore runHistory() {
    return history;
  }

  @Override
  public boolean isPersistent() {
    return true;
  }

  @Override
  public void start(JobStoreContext context) {
    description =
        "Redis job store '" + context.alias() + "' (keys " + keys[0] + ", " + keys[1] + ")";
    JobDocuments docs = new JobDocuments(context, description);
    session = RedisSession.open(redisUri, timeout, keyPrefix, exclusiveLease, description);
    documents = docs;
  }

  /**
   * Processes due jobs one by one ({@link JobStore#processDueJobs}), while no other scheduler has
   * taken the store over.
   *
   * @throws JobStoreException if another scheduler has
   */
  @Override
  public int processDueJobs(Instant now, int limit, DueJobProcessor processor) {
    session().checkLease();
    return JobStore.super.processDueJobs(now, limit, processor);
  }

  /** The size of the jobs hash (unreadable documents included: they are kept). */
  @Override
  public int countJobs() {
    try {
      return Math.toIntExact(redis().hlen(keys[0]));
    } catch (RedisException e) {
      throw failure("count the jobs", e);
    }
  }

  private RedisSession session() {
    RedisSession s = session;
    if (s == null) {
      throw new IllegalStateException(
          description + " is not started; the scheduler starts it, or call start(context) first");
    }
    return s;
  }

  private RedisCommands<String, String> redis() {
    return session().commands();
  }

  private JobDocuments documents() {
    JobDocuments docs = documents;
    if (docs == null) {
      throw new IllegalStateException(
          description + " is not started; the scheduler starts it, or call start(context) first");
    }
    return docs;
  }

  @Override
  public void addJob(Job job) {
    String json = documents().write(job);
    if (change("add job '" + job.id() + "'", RedisScripts.ADD, job.id(), json, score(job)) == 0) {
      throw new ConflictingIdException(job.id());
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Up to {@value #MAX_JOBS_PER_SCRIPT} jobs are checked and written by one script: all or none,
   * and no reader sees part of them. A larger list is first checked whole (ids only), then written
   * in scripts of {@value #MAX_JOBS_PER_SCRIPT} jobs; if a script then finds an id taken meanwhile,
   * the jobs written before are removed again and {@link ConflictingIdException} names the id.
   * Readers may see part of such a list while it is written.
   *
   * @throws ConflictingIdException if an id is taken (by a job, readable or not) or repeated
   */
  @Override
  public void addJobs(List<Job> jobs) {
    Set<String> seen = new HashSet<>();
    List<String> ids = new ArrayList<>(jobs.size());
    List<String> triples = new ArrayList<>(jobs.size() * 3);
    JobDocuments docs = documents();
    for (Job job : jobs) {
      if (!seen.add(job.id())) {
        throw new ConflictingIdException(job.id());
      }
      ids.add(job.id());
      triples.addAll(List.of(job.id(), docs.write(job), score(job)));
    }
    if (jobs.size() > MAX_JOBS_PER_SCRIPT) {
      addAll(1, ids);
    }
    for (int from = 0; from < jobs.size(); from += MAX_JOBS_PER_SCRIPT) {
      int to = Math.min(jobs.size(), from + MAX_JOBS_PER_SCRIPT);
      try {
        addAll(3, triples.subList(from * 3, to * 3));
      } catch (RuntimeException e) {
        removeAgain(ids.subList(0, from), e);
        throw e;
      }
    }
  }

  /**
   * Runs {@link RedisScripts#ADD_ALL} over ids (stride 1: checks only) or id, document, score
   * triples (stride 3: checks, then writes).
   *
   * @throws ConflictingIdException naming the first taken id; then nothing was written
   */
  private void addAll(int stride, List<String> values) {
    String[] args = new String[values.size() + 1];
    args[0] = Integer.toString(stride);
    for (int i = 0; i < values.size(); i++) {
      args[i + 1] = values.get(i);
    }
    List<Object> taken = query("add jobs", RedisScripts.ADD_ALL, args);
    if (!taken.isEmpty()) {
      throw new ConflictingIdException((String) taken.get(0));
    }
  }

  /** Removes the jobs {@link #addJobs} wrote before {@code failure}. */
  private void removeAgain(List<String> ids, RuntimeException failure) {
    try {
      for (int from = 0; from < ids.size(); from += MAX_JOBS_PER_SCRIPT) {
        List<String> part = ids.subList(from, Math.min(ids.size(), from + MAX_JOBS_PER_SCRIPT));
        change(
            "remove the jobs added before the failure",
            RedisScripts.REMOVE_ALL,
            part.toArray(String[]::new));
      }
    } catch (RuntimeException suppressed) {
      failure.addSuppressed(suppressed);
    }
  }

  @Override
  public void updateJob(Job job) {
    if (write("update job '" + job.id() + "'", RedisScripts.UPDATE, job, "") == 0) {
      throw new JobNotFoundException(job.id());
    }
  }

  /** One script: the stored job, if any, is replaced (even one whose document is unreadable). */
  @Override
  public void replaceJob(Job job) {
    write("replace job '" + job.id() + "'", RedisScripts.UPDATE, job, "upsert");
  }

  /**
   * One script: compares the stored score and the stored document's {@code runs} and {@code paused}
   * with {@code expected}, and writes {@code updated} only if they match.
   */
  @Override
  public boolean updateJobIfUnchanged(Job expected, Job updated) {
    return write(
            "update job '" + updated.id() + "'",
            RedisScripts.UPDATE_IF_UNCHANGED,
            updated,
            score(expected),
            Integer.toString(expected.runs()),
            expected.paused() ? "1" : "0")
        == 1;
  }

  /** Runs a script that writes {@code job} (id, document, score, then {@code more}). */
  private long write(String what, String script, Job job, String... more) {
    String[] args = new String[3 + more.length];
    args[0] = job.id();
    args[1] = documents().write(job);
    args[2] = score(job);
    System.arraycopy(more, 0, args, 3, more.length);
    long written = change(what, script, args);
    if (written == 1) {
      documents().forget(job.id());
    }
    return written;
  }

  @Override
  public void removeJob(String jobId) {
    if (change("remove job '" + jobId + "'", RedisScripts.REMOVE, jobId) == 0) {
      throw new JobNotFoundException(jobId);
    }
    documents().forget(jobId);
  }

  @Override
  public void removeAllJobs() {
    try {
      redis().del(keys);
    } catch (RedisException e) {
      throw failure("remove all jobs", e);
    }
    documents().forgetAll();
  }

  /**
   * {@inheritDoc}
   *
   * @throws JobStoreException if the job's document cannot be read (see {@link JobDocuments})
   */
  @Override
  public Optional<Job> lookupJob(String jobId) {
    JobDocuments docs = documents();
    List<Object> found = query("look up job '" + jobId + "'", RedisScripts.LOOKUP, jobId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(docs.readOrThrow(jobId, instant(found.get(1)), (String) found.get(0)));
  }

  @Override
  public List<Job> getDueJobs(Instant now, int limit) {
    JobDocuments docs = documents();
    while (true) {
      int skipped = docs.unreadableCount();
      List<Object> rows =
          query(
              "read due jobs",
              RedisScripts.DUE,
              Long.toString(JobCodec.toEpochMicros(now)),
              Integer.toString(limit + skipped));
      List<Job> due = new ArrayList<>();
      for (int i = 0; i + 2 < rows.size() && due.size() < limit; i += 3) {
        String json = (String) rows.get(i + 2);
        if (json != null) {
          docs.read((String) rows.get(i), instant(rows.get(i + 1)), json).ifPresent(due::add);
        }
      }
      if (due.size() == limit
          || rows.size() / 3 < limit + skipped
          || docs.unreadableCount() == skipped) {
        return due;
      }
    }
  }

  @Override
  public Optional<Instant> getNextRunTime() {
    JobDocuments docs = documents();
    List<ScoredValue<String>> first;
    try {
      first = redis().zrangeWithScores(keys[1], 0, docs.unreadableCount());
    } catch (RedisException e) {
      throw failure("read the next run time", e);
    }
    for (ScoredValue<String> entry : first) {
      if (!docs.isUnreadable(entry.getValue())) {
        return Optional.of(JobCodec.fromEpochMicros((long) entry.getScore()));
      }
    }
    return Optional.empty();
  }

  @Override
  public List<Job> getAllJobs() {
    JobDocuments docs = documents();
    List<Object> both = query("read all jobs", RedisScripts.ALL);
    List<?> hash = (List<?>) both.get(0);
    List<?> scores = (List<?>) both.get(1);
    Map<String, String> jsonById = new HashMap<>();
    for (int i = 0; i + 1 < hash.size(); i += 2) {
      jsonById.put((String) hash.get(i), (String) hash.get(i + 1));
    }
    List<Job> all = new ArrayList<>(jsonById.size());
    for (int i = 0; i + 1 < scores.size(); i += 2) {
      String id = (String) scores.get(i);
      String json = jsonById.remove(id);
      if (json != null) {
        docs.read(id, instant(scores.get(i + 1)), json).ifPresent(all::add);
      }
    }
    jsonById.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> docs.read(e.getKey(), null, e.getValue()).ifPresent(all::add));
    return all;
  }

  @Override
  public void close() {
    RedisSession s = session;
    session = null;
    if (s != null) {
      s.close();
    }
  }

  private long change(String what, String script, String... args) {
    try {
      Long result = redis().eval(script, ScriptOutputType.INTEGER, keys, args);
      return result == null ? 0 : result;
    } catch (RedisException e) {
      throw failure(what, e);
    }
  }

  private List<Object> query(String what, String script, String... args) {
    try {
      List<Object> result = redis().eval(script, ScriptOutputType.MULTI, keys, args);
      return result == null ? List.of() : result;
    } catch (RedisException e) {
      throw failure(what, e);
    }
  }

  private static String score(Job job) {
    return job.nextRunTime() == null
        ? ""
        : Long.toString(JobCodec.toEpochMicros(job.nextRunTime()));
  }

  private static Instant instant(Object score) {
    if (score == null) {
      return null;
    }
    return JobCodec.fromEpochMicros((long) Double.parseDouble(score.toString()));
  }

  private JobStoreException failure(String what, RedisException e) {
    return new JobStoreException(description + ": could not " + what + ": " + e.getMessage(), e);
  }

  @Override
  public String toString() {
    return description;
  }

  /** Configures a {@link RedisJobStore}. Not thread-safe. */
  public static final class Builder {
    private final String redisUri;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private Duration timeout = Duration.ofSeconds(5);
    private Duration exclusiveLease = DEFAULT_EXCLUSIVE_LEASE;

    private Builder(String redisUri) {
      this.redisUri = redisUri;
    }

    /**
     * The prefix of the two keys (default {@value RedisJobStore#DEFAULT_KEY_PREFIX}): different
     * prefixes keep separate sets of jobs in one database.
     *
     * @throws IllegalArgumentException if the prefix is null
     */
    public Builder keyPrefix(String keyPrefix) {
      if (keyPrefix == null) {
        throw new IllegalArgumentException("key-prefix: must not be null; use \"\" for none");
      }
      this.keyPrefix = keyPrefix;
      return this;
    }

    /**
     * How long a command may take before it fails (default 5 s); the scheduler waits that long for
     * a store that stopped answering before it backs off.
     */
    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout: must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * How long this scheduler's hold on the store outlives it if it dies without shutting down
     * (default 10 s). One scheduler at a time may use a Redis store: a second one waits that long
     * for the hold to expire, then fails to start.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder exclusiveLease(Duration lease) {
      this.exclusiveLease = ExclusiveLease.requireTtl(lease);
      return this;
    }

    /** Builds the store; it connects when started. */
    public RedisJobStore build() {
      return new RedisJobStore(this);
    }
  }
}
