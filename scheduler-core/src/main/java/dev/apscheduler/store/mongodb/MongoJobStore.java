package dev.apscheduler.store.mongodb;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bson.Document;

/**
 * Keeps jobs in one MongoDB collection (default {@value #DEFAULT_COLLECTION}), through the
 * synchronous driver. One document per job: {@code _id} (the job id), {@code name}, {@code
 * next_run_time} (UTC epoch microseconds as a long, {@code null} while paused, indexed), {@code
 * runs}, {@code paused}, {@code format_version} and {@code document}, the job's JSON document
 * ({@link JobCodec}) as a string. Documents stored before {@code runs} and {@code paused} were
 * fields are read as before and get them when next written.
 *
 * <p>The store owns its client, unless it was given one ({@link #builder(MongoClient, String)}). An
 * operation waits for an unreachable server as long as the connection string's {@code
 * serverSelectionTimeoutMS} says, else {@link Builder#timeout} (5 s); the scheduler backs off and
 * retries a failing store. Documents that cannot be read are logged and skipped, never changed or
 * deleted.
 *
 * <p>Outside cluster mode one scheduler at a time uses a MongoDB store: it holds a lease in {@code
 * <collection>_owner} ({@link Builder#exclusiveLease}), and a second scheduler on the same
 * collection is refused at start, since each would run every fire time. In <em>cluster mode</em>
 * ({@link Builder#cluster}) several schedulers share the collection and every due run is taken by
 * one of them: a due pass claims its jobs with a lease in their documents and writes their outcomes
 * conditionally on it ({@link MongoDuePass}), and the nodes heartbeat into {@code
 * <collection>_nodes}, record their runs in flight in {@code <collection>_running} and release
 * those of dead nodes ({@link MongoCluster}).
 *
 * <p>Thread-safe.
 */
public final class MongoJobStore implements ClusteredJobStore {

  /** The default collection name. */
  public static final String DEFAULT_COLLECTION = "jobs";

  /** How long, by default, a scheduler that died keeps its hold on the store. */
  public static final Duration DEFAULT_EXCLUSIVE_LEASE = Duration.ofSeconds(10);

  /** The connection string, or null if the store uses {@link #givenClient}. */
  private final String connectionString;

  /** The application's client, which the store uses but never closes; or null. */
  private final MongoClient givenClient;

  private final String database;
  private final String collectionName;
  private final Duration timeout;
  private final Duration exclusiveLease;
  private final ClusterSettings clusterSettings;

  private volatile String description;
  private volatile MongoSession session;
  private volatile JobDocuments documents;
  private volatile MongoCluster cluster;
  private volatile MongoDuePass duePass;
  private final MongoRunHistory history = new MongoRunHistory(() -> session().runs());

  private MongoJobStore(Builder b) {
    this.connectionString = b.connectionString;
    this.givenClient = b.client;
    this.database = b.database;
    this.collectionName = b.collection;
    this.timeout = b.timeout;
    this.exclusiveLease = b.exclusiveLease;
    this.clusterSettings = b.cluster.settings();
    this.description = "MongoDB job store (collection " + database + "." + collectionName + ")";
  }

  /**
   * Starts configuring a store in {@code database} of the MongoDB server at {@code
   * connectionString}, such as {@code mongodb://127.0.0.1:27017}.
   */
  public static Builder builder(String connectionString, String database) {
    return new Builder(
        Objects.requireNonNull(connectionString, "connectionString"),
        null,
        Objects.requireNonNull(database, "database"));
  }

  /**
   * Starts configuring a store in {@code database} through {@code client}, such as the one an
   * application framework built from its connection settings. The store never closes that client,
   * and its operations wait for an unreachable server as long as the client's settings say.
   */
  public static Builder builder(MongoClient client, String database) {
    return new Builder(
        null,
        Objects.requireNonNull(client, "client"),
        Objects.requireNonNull(database, "database"));
  }

  /** The collection {@code <collection>_runs}, one document per ended run. */
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
        "MongoDB job store '"
            + context.alias()
            + "' (collection "
            + database
            + "."
            + collectionName
            + ")";
    JobDocuments docs = new JobDocuments(context, description);
    MongoSession s =
        MongoSession.open(
            givenClient,
            connectionString,
            database,
            collectionName,
            timeout,
            clusterSettings == null ? exclusiveLease : null,
            description);
    if (clusterSettings != null) {
      cluster = MongoCluster.join(s, clusterSettings, context, description, timeout, this);
      duePass = new MongoDuePass(cluster, s.collection(), docs, clusterSettings.deadAfter());
    }
    session = s;
    documents = docs;
    if (cluster != null) {
      cluster.storeStarted();
    }
  }

  @Override
  public Optional<String> nodeId() {
    return Optional.ofNullable(clusterSettings).map(ClusterSettings::nodeId);
  }

  @Override
  public Map<String, Instant> clusterNodes() {
    MongoCluster node = cluster;
    return node == null ? Map.of() : node.nodes();
  }

  @Override
  public boolean clockSkewed() {
    MongoCluster node = cluster;
    return node != null && node.clockSkewed();
  }

  /**
   * In cluster mode, claims the due jobs, lets the scheduler decide them and writes the outcomes
   * and the runs started ({@link MongoDuePass}). Otherwise processes due jobs one by one ({@link
   * JobStore#processDueJobs}), while no other scheduler has taken the store over.
   *
   * @throws JobStoreException if another scheduler has, or MongoDB cannot be reached
   */
  @Override
  public int processDueJobs(Instant now, int limit, DueJobProcessor processor) {
    MongoDuePass pass = duePass;
    if (pass == null) {
      session().checkLease();
      return ClusteredJobStore.super.processDueJobs(now, limit, processor);
    }
    documents();
    try {
      return pass.run(now, limit, processor);
    } catch (MongoException e) {
      throw failure("process due jobs", e);
    }
  }

  @Override
  public void runFinished(Job job, Instant fireTime) {
    MongoCluster node = cluster;
    if (node != null) {
      node.runFinished(job.id(), fireTime);
    }
  }

  /**
   * In cluster mode, records the run if fewer than the job's {@code maxInstances} runs are in
   * flight on all nodes; otherwise {@code true}.
   */
  @Override
  public boolean tryStartRun(Job job, Instant fireTime) {
    MongoCluster node = cluster;
    try {
      return node == null || node.tryStart(job.id(), fireTime, job.maxInstances());
    } catch (MongoException e) {
      throw failure("record a run of job '" + job.id() + "'", e);
    }
  }

  /**
   * In cluster mode, how far MongoDB's clock was ahead of this scheduler's at the last heartbeat.
   */
  @Override
  public Duration clockOffset() {
    MongoCluster node = cluster;
    return node == null ? Duration.ZERO : node.clockOffset();
  }

  @Override
  public Optional<Duration> pollInterval() {
    return Optional.ofNullable(clusterSettings).map(ClusterSettings::pollInterval);
  }

  /** The number of documents in the collection (unreadable ones included: they are kept). */
  @Override
  public int countJobs() {
    try {
      return Math.toIntExact(collection().countDocuments());
    } catch (MongoException e) {
      throw failure("count the jobs", e);
    }
  }

  private MongoSession session() {
    return started(session);
  }

  private MongoCollection<Document> collection() {
    return session().collection();
  }

  private JobDocuments documents() {
    return started(documents);
  }

  private <T> T started(T part) {
    if (part == null) {
      throw new IllegalStateException(
          description + " is not started; the scheduler starts it, or call start(context) first");
    }
    return part;
  }

  @Override
  public void addJob(Job job) {
    writes().add(job);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Checks the ids, then inserts the jobs with one ordered {@code insertMany}. The store uses no
   * multi-document transaction (a standalone server, like the in-process test server, has none), so
   * this is all or none but not isolated: readers may see part of the list while it is inserted,
   * and if the insert fails part-way the jobs it inserted are deleted again before the failure is
   * reported (if that delete fails too, it is added to the failure as suppressed).
   *
   * @throws ConflictingIdException if an id is taken (by a job, readable or not) or repeated
   */
  @Override
  public void addJobs(List<Job> jobs) {
    writes().addAll(jobs);
  }

  /** One {@code replaceOne} with upsert: the stored job, readable or not, is replaced. */
  @Override
  public void replaceJob(Job job) {
    writes().replace(job);
  }

  /**
   * One conditional {@code replaceOne} whose filter holds the expected next run time, runs and
   * paused flag. For a document stored before runs and paused were fields, the stored job is read
   * and compared, and the replacement is conditional on the stored document being the one read.
   */
  @Override
  public boolean updateJobIfUnchanged(Job expected, Job updated) {
    return writes().updateIfUnchanged(expected, updated);
  }

  @Override
  public void updateJob(Job job) {
    writes().update(job);
  }

  @Override
  public void removeJob(String jobId) {
    writes().remove(jobId);
  }

  /** The writes of one job; in cluster mode they wait while another node's due pass holds it. */
  private MongoWrites writes() {
    MongoCluster node = cluster;
    return new MongoWrites(
        collection(),
        documents(),
        node == null ? null : node.claims(),
        description,
        timeout,
        this::failure);
  }

  @Override
  public void removeAllJobs() {
    try {
      collection().deleteMany(new Document());
    } catch (MongoException e) {
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
    return reads().lookup(jobId);
  }

  @Override
  public List<Job> getDueJobs(Instant now, int limit) {
    return reads().due(now, limit);
  }

  /**
   * {@inheritDoc} In cluster mode a job another node's due pass holds counts from its lease's end.
   */
  @Override
  public Optional<Instant> getNextRunTime() {
    return reads().nextRunTime();
  }

  @Override
  public List<Job> getAllJobs() {
    return reads().all();
  }

  /** {@inheritDoc} Reads only the page, by the index on the next run time. */
  @Override
  public List<Job> getJobs(int offset, int limit) {
    JobStore.checkPage(offset, limit);
    return reads().page(offset, limit);
  }

  private MongoReads reads() {
    MongoCluster node = cluster;
    return new MongoReads(
        collection(), documents(), node == null ? null : node.claims(), this::failure);
  }

  @Override
  public void close() {
    MongoCluster node = cluster;
    cluster = null;
    duePass = null;
    if (node != null) {
      node.stop();
    }
    MongoSession s = session;
    session = null;
    if (s != null) {
      s.close();
    }
  }

  private JobStoreException failure(String what, RuntimeException e) {
    return new JobStoreException(description + ": could not " + what + ": " + e.getMessage(), e);
  }

  @Override
  public String toString() {
    return description;
  }

  /** Configures a {@link MongoJobStore}. Not thread-safe. */
  public static final class Builder {
    private final String connectionString;
    private final MongoClient client;
    private final String database;
    private String collection = DEFAULT_COLLECTION;
    private Duration timeout = Duration.ofSeconds(5);
    private Duration exclusiveLease = DEFAULT_EXCLUSIVE_LEASE;
    private final ClusterOptions cluster = new ClusterOptions();

    private Builder(String connectionString, MongoClient client, String database) {
      this.connectionString = connectionString;
      this.client = client;
      this.database = database;
    }

    /**
     * The collection name (default {@value MongoJobStore#DEFAULT_COLLECTION}).
     *
     * @throws IllegalArgumentException if the name is blank or contains {@code $} or a NUL
     */
    public Builder collection(String collection) {
      if (collection == null
          || collection.isBlank()
          || collection.contains("$")
          || collection.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(
            "collection: '" + collection + "' is not a valid MongoDB collection name");
      }
      this.collection = collection;
      return this;
    }

    /**
     * How long an operation waits for a server to answer before it fails (default 5 s), unless the
     * connection string gives {@code serverSelectionTimeoutMS}; in cluster mode also how long a
     * write to a job waits for another node's due pass to let go of it.
     *
     * @throws IllegalArgumentException if the timeout is not positive
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
     * (default 10 s). Outside cluster mode one scheduler at a time may use a MongoDB store: a
     * second one waits that long for the hold to expire, then fails to start.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder exclusiveLease(Duration lease) {
      this.exclusiveLease = ExclusiveLease.requireTtl(lease);
      return this;
    }

    /**
     * Turns on cluster mode: several schedulers share the collection and every due run fires once;
     * no exclusive lease is taken. The defaults of the settings below are those of the JDBC store's
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
     * lease on its jobs lasts as long.
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

    /** How far a cluster node's clock may be off MongoDB's before it warns (default 1 s). */
    public Builder maxClockSkew(Duration skew) {
      cluster.maxClockSkew(skew);
      return this;
    }

    /** Builds the store; it connects when started. */
    public MongoJobStore build() {
      return new MongoJobStore(this);
    }
  }
}
