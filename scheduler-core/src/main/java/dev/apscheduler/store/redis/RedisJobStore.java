package dev.apscheduler.store.redis;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.JobNotFoundException;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.history.RunHistoryStore;
import dev.apscheduler.internal.ClusterOptions;
import dev.apscheduler.internal.ClusterSettings;
import dev.apscheduler.internal.ExclusiveLease;
import dev.apscheduler.store.ClusteredJobStore;
import dev.apscheduler.store.DueJobProcessor;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobDocuments;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.JobStoreContext;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
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
 * <p>Outside cluster mode one scheduler at a time uses a Redis store: it holds a lease under {@code
 * <prefix>owner} ({@link Builder#exclusiveLease}), and a second scheduler on the same keys is
 * refused at start, since each would run every fire time. In <em>cluster mode</em> ({@link
 * Builder#cluster}) several schedulers share the keys and every due run is taken by one of them: a
 * due pass claims its jobs and writes their outcomes with two scripts ({@link RedisDuePass}), and
 * the nodes heartbeat, record their runs in flight and release those of dead nodes ({@link
 * RedisCluster}).
 *
 * <p>Thread-safe.
 */
public final class RedisJobStore implements ClusteredJobStore {

  /** The default prefix of the keys. */
  public static final String DEFAULT_KEY_PREFIX = "apscheduler.";

  /** How long, by default, a scheduler that died keeps its hold on the store. */
  public static final Duration DEFAULT_EXCLUSIVE_LEASE = Duration.ofSeconds(10);

  private final RedisEndpoint endpoint;
  private final String keyPrefix;
  private final Duration timeout;
  private final String[] keys;
  private final Duration exclusiveLease;
  private final ClusterSettings clusterSettings;
  private final RedisCalls calls;
  private final RedisRunHistory history;

  private volatile String description;
  private volatile RedisSession session;
  private volatile JobDocuments documents;
  private volatile RedisCluster cluster;
  private volatile RedisDuePass duePass;

  private RedisJobStore(Builder b) {
    this.endpoint = new RedisEndpoint(b.redisUri, b.uri, b.sslOptions);
    this.keyPrefix = b.keyPrefix;
    this.timeout = b.timeout;
    this.exclusiveLease = b.exclusiveLease;
    this.clusterSettings = b.cluster.settings();
    this.keys =
        new String[] {
          keyPrefix + "jobs", keyPrefix + "run_times", keyPrefix + "claims", keyPrefix + "nodes"
        };
    this.history = new RedisRunHistory(keyPrefix, this::redis);
    this.description = "Redis job store (keys " + keys[0] + ", " + keys[1] + ")";
    this.calls = new RedisCalls(this::redis, keys, () -> description);
  }

  /**
   * Starts configuring a store on the Redis server at {@code redisUri}, such as {@code
   * redis://127.0.0.1:6379/0} (see Lettuce's {@code RedisURI} for passwords and TLS).
   */
  public static Builder builder(String redisUri) {
    return new Builder(Objects.requireNonNull(redisUri, "redisUri"), null);
  }

  /**
   * Starts configuring a store on the Redis server (or Sentinel-monitored master) that {@code uri}
   * describes, such as one an application framework built from its connection settings. The store
   * sets the URI's timeout to {@link Builder#timeout}.
   */
  public static Builder builder(RedisURI uri) {
    return new Builder(null, Objects.requireNonNull(uri, "uri"));
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
    RedisSession s =
        RedisSession.open(
            endpoint,
            timeout,
            keyPrefix,
            clusterSettings == null ? exclusiveLease : null,
            description);
    session = s; // before joining: the node may write the reruns of runs it releases at once
    documents = docs;
    if (clusterSettings != null) {
      try {
        cluster =
            RedisCluster.join(s, keys, keyPrefix, clusterSettings, context, description, this);
      } catch (RuntimeException | Error e) {
        session = null;
        throw e;
      }
      duePass = new RedisDuePass(cluster, docs, clusterSettings.deadAfter());
    }
  }

  @Override
  public Optional<String> nodeId() {
    return Optional.ofNullable(clusterSettings).map(ClusterSettings::nodeId);
  }

  @Override
  public Map<String, Instant> clusterNodes() {
    RedisCluster node = cluster;
    return node == null ? Map.of() : node.nodes();
  }

  @Override
  public boolean clockSkewed() {
    RedisCluster node = cluster;
    return node != null && node.clockSkewed();
  }

  /**
   * Cluster mode: claims, decides and writes due jobs at once ({@link RedisDuePass}); otherwise one
   * by one while this scheduler holds the store. Throws {@link JobStoreException} if it does not.
   */
  @Override
  public int processDueJobs(Instant now, int limit, DueJobProcessor processor) {
    RedisDuePass pass = duePass;
    if (pass == null) {
      session().checkLease();
      return ClusteredJobStore.super.processDueJobs(now, limit, processor);
    }
    documents();
    try {
      return pass.run(now, limit, processor);
    } catch (RedisException e) {
      throw calls.failure("process due jobs", e);
    }
  }

  @Override
  public void runFinished(Job job, Instant fireTime) {
    RedisCluster node = cluster;
    if (node != null) {
      node.runFinished(job.id(), fireTime);
    }
  }

  /** Cluster mode: records the run if fewer than {@code maxInstances} run on all nodes. */
  @Override
  public boolean tryStartRun(Job job, Instant fireTime) {
    RedisCluster node = cluster;
    try {
      return node == null || node.tryStart(job.id(), fireTime, job.maxInstances());
    } catch (RedisException e) {
      throw calls.failure("record a run of job '" + job.id() + "'", e);
    }
  }

  /** In cluster mode, how far Redis's clock was ahead of this scheduler's at the last heartbeat. */
  @Override
  public Duration clockOffset() {
    RedisCluster node = cluster;
    return node == null ? Duration.ZERO : node.clockOffset();
  }

  @Override
  public Optional<Duration> pollInterval() {
    return Optional.ofNullable(clusterSettings).map(ClusterSettings::pollInterval);
  }

  /** The size of the jobs hash (unreadable documents included: they are kept). */
  @Override
  public int countJobs() {
    try {
      return Math.toIntExact(redis().hlen(keys[0]));
    } catch (RedisException e) {
      throw calls.failure("count the jobs", e);
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
    if (calls.change(
            "add job '" + job.id() + "'", RedisScripts.ADD, job.id(), json, RedisCalls.score(job))
        == 0) {
      throw new ConflictingIdException(job.id());
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Up to {@value RedisBulkAdd#MAX_JOBS_PER_SCRIPT} jobs are checked and written by one script:
   * all or none, and no reader sees part of them. A larger list is first checked whole (ids only),
   * then written in scripts of {@value RedisBulkAdd#MAX_JOBS_PER_SCRIPT} jobs; if a script then
   * finds an id taken meanwhile, the jobs written before are removed again and {@link
   * ConflictingIdException} names the id. Readers may see part of such a list while it is written.
   *
   * @throws ConflictingIdException if an id is taken (by a job, readable or not) or repeated
   */
  @Override
  public void addJobs(List<Job> jobs) {
    new RedisBulkAdd(calls, documents()).add(jobs);
  }

  /**
   * {@inheritDoc}
   *
   * @throws JobStoreException if the job's document cannot be read (see {@link JobDocuments})
   */
  @Override
  public Optional<Job> lookupJob(String jobId) {
    return new RedisReads(calls, documents()).lookup(jobId);
  }

  @Override
  public List<Job> getDueJobs(Instant now, int limit) {
    return new RedisReads(calls, documents()).due(now, limit);
  }

  @Override
  public Optional<Instant> getNextRunTime() {
    return new RedisReads(calls, documents()).nextRunTime();
  }

  /** {@inheritDoc} Claimed jobs are listed at their real next run times. */
  @Override
  public List<Job> getAllJobs() {
    return new RedisReads(calls, documents()).all();
  }

  /** {@inheritDoc} Reads only the page's documents, unless a cluster node's claim is pending. */
  @Override
  public List<Job> getJobs(int offset, int limit) {
    JobStore.checkPage(offset, limit);
    return new RedisReads(calls, documents()).page(offset, limit);
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
   * One script: compares the stored score and the stored document's {@code runs}, {@code paused}
   * and pending retry with {@code expected}, and writes {@code updated} only if they match. While a
   * cluster node's due pass holds the job it tries again, for at most the command timeout.
   */
  @Override
  public boolean updateJobIfUnchanged(Job expected, Job updated) {
    return write(
            "update job '" + updated.id() + "'",
            RedisScripts.UPDATE_IF_UNCHANGED,
            updated,
            RedisCalls.score(expected),
            Integer.toString(expected.runs()),
            expected.paused() ? "1" : "0",
            Objects.toString(JobCodec.pendingRetryKey(expected), ""))
        == 1;
  }

  /** Runs a script that writes {@code job} (id, document, score, then {@code more}). */
  private long write(String what, String script, Job job, String... more) {
    String[] args = new String[3 + more.length];
    args[0] = job.id();
    args[1] = documents().write(job);
    args[2] = RedisCalls.score(job);
    System.arraycopy(more, 0, args, 3, more.length);
    long written = calls.changeUnlessClaimed(timeout, what, script, args);
    if (written == 1) {
      documents().forget(job.id());
    }
    return written;
  }

  @Override
  public void removeJob(String jobId) {
    if (calls.change("remove job '" + jobId + "'", RedisScripts.REMOVE, jobId) == 0) {
      throw new JobNotFoundException(jobId);
    }
    documents().forget(jobId);
  }

  @Override
  public void removeAllJobs() {
    try {
      redis().del(keys[0], keys[1], keys[2]);
    } catch (RedisException e) {
      throw calls.failure("remove all jobs", e);
    }
    documents().forgetAll();
  }

  @Override
  public void close() {
    RedisCluster node = cluster;
    cluster = null;
    duePass = null;
    if (node != null) {
      node.stop();
    }
    RedisSession s = session;
    session = null;
    if (s != null) {
      s.close();
    }
  }

  @Override
  public String toString() {
    return description;
  }

  /** Configures a {@link RedisJobStore}. Not thread-safe. */
  public static final class Builder {
    private final String redisUri;
    private final RedisURI uri;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private Duration timeout = Duration.ofSeconds(5);
    private Duration exclusiveLease = DEFAULT_EXCLUSIVE_LEASE;
    private SslOptions sslOptions;
    private final ClusterOptions cluster = new ClusterOptions();

    private Builder(String redisUri, RedisURI uri) {
      this.redisUri = redisUri;
      this.uri = uri;
    }

    /**
     * The key and trust material of TLS connections (a {@code rediss://} URI or one with SSL
     * enabled), or {@code null} for the JDK's defaults.
     */
    public Builder sslOptions(SslOptions sslOptions) {
      this.sslOptions = sslOptions;
      return this;
    }

    /**
     * The prefix of the keys (default {@value RedisJobStore#DEFAULT_KEY_PREFIX}): different
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

    /**
     * Turns on cluster mode: several schedulers share the keys and every due run fires once; no
     * exclusive lease is taken. The defaults of the settings below are those of the JDBC store's
     * cluster mode ({@link ClusterSettings}).
     *
     * @param nodeId this scheduler's id in the cluster, unique among the nodes; {@code null} for
     *     the host name with a random suffix
     */
    public Builder cluster(String nodeId) {
      cluster.cluster(nodeId);
      return this;
    }

    /** How often a cluster node writes its heartbeat (default 5 s). */
    public Builder heartbeatInterval(Duration interval) {
      cluster.heartbeatInterval(interval);
      return this;
    }

    /**
     * After how many missed heartbeats a cluster node counts as dead (default 3); a due pass's
     * claim on its jobs lasts as long.
     */
    public Builder missedHeartbeats(int missed) {
      cluster.missedHeartbeats(missed);
      return this;
    }

    /** How often a cluster node looks for jobs added by other nodes (default 500 ms). */
    public Builder pollInterval(Duration interval) {
      cluster.pollInterval(interval);
      return this;
    }

    /** How far a cluster node's clock may be off Redis's before it warns (default 1 s). */
    public Builder maxClockSkew(Duration skew) {
      cluster.maxClockSkew(skew);
      return this;
    }

    /** Builds the store; it connects when started. */
    public RedisJobStore build() {
      return new RedisJobStore(this);
    }
  }
}
