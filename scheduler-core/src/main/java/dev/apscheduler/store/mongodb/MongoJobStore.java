package dev.apscheduler.store.mongodb;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bson.BSONException;
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
 * <p>Thread-safe.
 */
public final class MongoJobStore implements JobStore {

  /** The default collection name. */
  public static final String DEFAULT_COLLECTION = "jobs";

  /** How long, by default, a scheduler that died keeps its hold on the store. */
  public static final Duration DEFAULT_EXCLUSIVE_LEASE = Duration.ofSeconds(10);

  private static final System.Logger LOG = System.getLogger(MongoJobStore.class.getName());

  /** The connection string, or null if the store uses {@link #givenClient}. */
  private final String connectionString;

  /** The application's client, which the store uses but never closes; or null. */
  private final MongoClient givenClient;

  private final String database;
  private final String collectionName;
  private final Duration timeout;
  private final Duration exclusiveLease;

  private volatile String description;
  private volatile MongoSession session;
  private volatile JobDocuments documents;
  private final MongoRunHistory history = new MongoRunHistory(() -> session().runs());

  private MongoJobStore(Builder b) {
    this.connectionString = b.connectionString;
    this.givenClient = b.client;
    this.database = b.database;
    this.collectionName = b.collection;
    this.timeout = b.timeout;
    this.exclusiveLease = b.exclusiveLease;
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
    session =
        MongoSession.open(
            givenClient,
            connectionString,
            database,
            collectionName,
            timeout,
            exclusiveLease,
            description);
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
    MongoSession s = session;
    if (s == null) {
      throw new IllegalStateException(
          description + " is not started; the scheduler starts it, or call start(context) first");
    }
    return s;
  }

  private MongoCollection<Document> collection() {
    return session().collection();
  }

  private JobDocuments documents() {
    JobDocuments docs = documents;
    if (docs == null) {
      throw new IllegalStateException(
          description + " is not started; the scheduler starts it, or call start(context) first");
    }
    return docs;
  }

  private Document toDocument(Job job) {
    return JobRows.toRow(job, documents().write(job));
  }

  @Override
  public void addJob(Job job) {
    Document doc = toDocument(job);
    try {
      collection().insertOne(doc);
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        throw new ConflictingIdException(job.id());
      }
      throw failure("add job '" + job.id() + "'", e);
    } catch (MongoException e) {
      throw failure("add job '" + job.id() + "'", e);
    }
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
    Set<String> ids = new HashSet<>();
    List<Document> rows = new ArrayList<>(jobs.size());
    for (Job job : jobs) {
      if (!ids.add(job.id())) {
        throw new ConflictingIdException(job.id());
      }
      rows.add(toDocument(job));
    }
    if (rows.isEmpty()) {
      return;
    }
    try {
      BatchInsert.insertAll(collection(), rows);
    } catch (MongoException | BSONException e) {
      throw failure("add jobs", e);
    }
  }

  /** One {@code replaceOne} with upsert: the stored job, readable or not, is replaced. */
  @Override
  public void replaceJob(Job job) {
    Document doc = toDocument(job);
    ReplaceOptions upsert = new ReplaceOptions().upsert(true);
    try {
      try {
        collection().replaceOne(Filters.eq("_id", job.id()), doc, upsert);
      } catch (MongoWriteException e) {
        if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
          throw e;
        }
        // two upserts of a new id raced and the other inserted it: replace that one
        collection().replaceOne(Filters.eq("_id", job.id()), doc, upsert);
      }
    } catch (MongoException e) {
      throw failure("replace job '" + job.id() + "'", e);
    }
    documents().forget(job.id());
  }

  /**
   * One conditional {@code replaceOne} whose filter holds the expected next run time, runs and
   * paused flag. For a document stored before runs and paused were fields, the stored job is read
   * and compared, and the replacement is conditional on the stored document being the one read.
   */
  @Override
  public boolean updateJobIfUnchanged(Job expected, Job updated) {
    Document doc = toDocument(updated);
    boolean written;
    try {
      written =
          collection().replaceOne(JobRows.withScheduleOf(expected), doc).getMatchedCount() == 1
              || replaceOlderRow(expected, doc);
    } catch (MongoException e) {
      throw failure("update job '" + expected.id() + "'", e);
    }
    if (written) {
      documents().forget(expected.id());
    }
    return written;
  }

  private boolean replaceOlderRow(Job expected, Document doc) {
    Document stored = collection().find(JobRows.olderRow(expected.id())).first();
    if (stored == null) {
      return false;
    }
    Optional<Job> current = JobRows.read(documents(), stored);
    return current.isPresent()
        && JobStore.sameSchedule(current.get(), expected)
        && collection().replaceOne(JobRows.sameOlderRow(stored), doc).getMatchedCount() == 1;
  }

  @Override
  public void updateJob(Job job) {
    Document doc = toDocument(job);
    long matched;
    try {
      matched = collection().replaceOne(Filters.eq("_id", job.id()), doc).getMatchedCount();
    } catch (MongoException e) {
      throw failure("update job '" + job.id() + "'", e);
    }
    if (matched == 0) {
      throw new JobNotFoundException(job.id());
    }
    documents().forget(job.id());
  }

  @Override
  public void removeJob(String jobId) {
    long deleted;
    try {
      deleted = collection().deleteOne(Filters.eq("_id", jobId)).getDeletedCount();
    } catch (MongoException e) {
      throw failure("remove job '" + jobId + "'", e);
    }
    if (deleted == 0) {
      throw new JobNotFoundException(jobId);
    }
    documents().forget(jobId);
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
    JobDocuments docs = documents();
    Document found;
    try {
      found = collection().find(Filters.eq("_id", jobId)).first();
    } catch (MongoException e) {
      throw failure("look up job '" + jobId + "'", e);
    }
    if (found == null) {
      return Optional.empty();
    }
    return Optional.of(
        docs.readOrThrow(jobId, JobRows.nextRunTime(found), found.getString(JobRows.DOCUMENT)));
  }

  @Override
  public List<Job> getDueJobs(Instant now, int limit) {
    JobDocuments docs = documents();
    while (true) {
      int skipped = docs.unreadableCount();
      List<Job> due = new ArrayList<>();
      List<Document> rows;
      try {
        rows =
            collection()
                .find(Filters.lte(JobRows.NEXT_RUN_TIME, JobCodec.toEpochMicros(now)))
                .sort(JobRows.ORDER)
                .limit(limit + skipped)
                .into(new ArrayList<>());
      } catch (MongoException e) {
        throw failure("read due jobs", e);
      }
      for (int i = 0; i < rows.size() && due.size() < limit; i++) {
        JobRows.read(docs, rows.get(i)).ifPresent(due::add);
      }
      if (due.size() == limit
          || rows.size() < limit + skipped
          || docs.unreadableCount() == skipped) {
        return due;
      }
    }
  }

  @Override
  public Optional<Instant> getNextRunTime() {
    JobDocuments docs = documents();
    List<Document> first;
    try {
      first =
          collection()
              .find(Filters.ne(JobRows.NEXT_RUN_TIME, null))
              .projection(Projections.include(JobRows.NEXT_RUN_TIME))
              .sort(JobRows.ORDER)
              .limit(1 + docs.unreadableCount())
              .into(new ArrayList<>());
    } catch (MongoException e) {
      throw failure("read the next run time", e);
    }
    return first.stream()
        .filter(row -> !docs.isUnreadable(row.getString("_id")))
        .findFirst()
        .map(JobRows::nextRunTime);
  }

  @Override
  public List<Job> getAllJobs() {
    JobDocuments docs = documents();
    List<Document> rows;
    try {
      rows = collection().find().into(new ArrayList<>());
    } catch (MongoException e) {
      throw failure("read all jobs", e);
    }
    List<Job> all = new ArrayList<>(rows.size());
    for (Document row : rows) {
      JobRows.read(docs, row).ifPresent(all::add);
    }
    all.sort(
        Comparator.comparing(Job::nextRunTime, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Job::id));
    return all;
  }

  @Override
  public void close() {
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
     * connection string gives {@code serverSelectionTimeoutMS}.
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
     * (default 10 s). One scheduler at a time may use a MongoDB store: a second one waits that long
     * for the hold to expire, then fails to start.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public Builder exclusiveLease(Duration lease) {
      this.exclusiveLease = ExclusiveLease.requireTtl(lease);
      return this;
    }

    /** Builds the store; it connects when started. */
    public MongoJobStore build() {
      return new MongoJobStore(this);
    }
  }
}
