package dev.apscheduler.store.redis;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.JobNotFoundException;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobDocuments;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.JobStoreContext;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
 * <p>Thread-safe.
 */
public final class RedisJobStore implements JobStore {

  /** The default prefix of the two keys. */
  public static final String DEFAULT_KEY_PREFIX = "apscheduler.";

  private static final System.Logger LOG = System.getLogger(RedisJobStore.class.getName());

  private static final String ADD =
      """
      if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
      if ARGV[3] ~= '' then redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1]) end
      return 1
      """;
  private static final String UPDATE =
      """
      if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      if ARGV[3] == '' then
        redis.call('ZREM', KEYS[2], ARGV[1])
      else
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
      end
      return 1
      """;
  private static final String REMOVE =
      """
      if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
      redis.call('ZREM', KEYS[2], ARGV[1])
      return 1
      """;
  private static final String LOOKUP =
      """
      local doc = redis.call('HGET', KEYS[1], ARGV[1])
      if not doc then return {} end
      return {doc, redis.call('ZSCORE', KEYS[2], ARGV[1])}
      """;
  private static final String DUE =
      """
      local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0,
        tonumber(ARGV[2]))
      local out = {}
      for i = 1, #ids, 2 do
        out[#out + 1] = ids[i]
        out[#out + 1] = ids[i + 1]
        out[#out + 1] = redis.call('HGET', KEYS[1], ids[i])
      end
      return out
      """;
  private static final String ALL =
      """
      return {redis.call('HGETALL', KEYS[1]), redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')}
      """;

  private final String redisUri;
  private final String keyPrefix;
  private final Duration timeout;
  private final String[] keys;

  private volatile String description;
  private volatile RedisClient client;
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile JobDocuments documents;

  private RedisJobStore(Builder b) {
    this.redisUri = b.redisUri;
    this.keyPrefix = b.keyPrefix;
    this.timeout = b.timeout;
    this.keys = new String[] {keyPrefix + "jobs", keyPrefix + "run_times"};
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

  @Override
  public boolean isPersistent() {
    return true;
  }

  @Override
  public void start(JobStoreContext context) {
    description =
        "Redis job store '" + context.alias() + "' (keys " + keys[0] + ", " + keys[1] + ")";
    JobDocuments docs = new JobDocuments(context, description);
    RedisURI uri;
    try {
      uri = RedisURI.create(redisUri);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "url: '" + redisUri + "' is not a Redis URI such as redis://127.0.0.1:6379/0", e);
    }
    uri.setTimeout(timeout);
    RedisClient newClient = RedisClient.create(uri);
    try {
      newClient.setOptions(
          ClientOptions.builder()
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .timeoutOptions(TimeoutOptions.enabled(timeout))
              .build());
      connection = newClient.connect();
    } catch (RedisException e) {
      newClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      throw new JobStoreException(
          description + ": cannot connect to " + redisUri + ": " + e.getMessage(), e);
    }
    client = newClient;
    documents = docs;
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

  private RedisCommands<String, String> redis() {
    StatefulRedisConnection<String, String> c = connection;
    if (c == null) {
      throw new IllegalStateException(
          description + " is not started; the scheduler starts it, or call start(context) first");
    }
    return c.sync();
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
    if (change("add job '" + job.id() + "'", ADD, job.id(), json, score(job)) == 0) {
      throw new ConflictingIdException(job.id());
    }
  }

  @Override
  public void updateJob(Job job) {
    String json = documents().write(job);
    if (change("update job '" + job.id() + "'", UPDATE, job.id(), json, score(job)) == 0) {
      throw new JobNotFoundException(job.id());
    }
    documents().forget(job.id());
  }

  @Override
  public void removeJob(String jobId) {
    if (change("remove job '" + jobId + "'", REMOVE, jobId) == 0) {
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
    List<Object> found = query("look up job '" + jobId + "'", LOOKUP, jobId);
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
              DUE,
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
    List<Object> both = query("read all jobs", ALL);
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
    StatefulRedisConnection<String, String> c = connection;
    RedisClient cl = client;
    connection = null;
    client = null;
    try {
      if (c != null) {
        c.close();
      }
    } catch (RedisException e) {
      LOG.log(Level.WARNING, description + ": closing the connection failed", e);
    }
    if (cl != null) {
      cl.shutdown(Duration.ZERO, Duration.ofSeconds(2));
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

    /** Builds the store; it connects when started. */
    public RedisJobStore build() {
      return new RedisJobStore(this);
    }
  }
}
