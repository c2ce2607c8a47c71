package dev.apscheduler.store.mongodb;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.internal.ClusterSettings;
import dev.apscheduler.internal.HeartbeatWindow;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.JobStoreContext;
import dev.apscheduler.store.LostRunReports;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.bson.Document;

/**
 * The cluster side of a {@link MongoJobStore}: this node's heartbeat in {@code <collection>_nodes}
 * (one document per node: {@code _id} the node id, its {@code incarnation}, and {@code heartbeat},
 * set with {@code $currentDate}, so MongoDB's clock), its {@link MongoRunRecords} (so that {@code
 * maxInstances} holds across nodes), the reaping of nodes that stopped heartbeating, the offset of
 * this node's clock from MongoDB's, by which due times are judged, and the claims on job documents
 * ({@link MongoClaims}).
 *
 * <p>A node is dead when its heartbeat is older than {@code missedHeartbeats} heartbeat intervals.
 * A node reaps others only once it has itself heartbeaten without a break for that long ({@link
 * HeartbeatWindow}), so that after an outage the first node back does not take the others for dead.
 * The node that deletes a dead node's document reports each run it had in flight ({@code JOB_LOST},
 * on a thread of its own, never the heartbeat's) and deletes its records; those runs are not
 * repeated, but for jobs that rerun lost runs ({@code LostRunPolicy.RERUN}: the fire time becomes
 * the job's pending retry, written by that node alone; a job that its last run removed is added
 * back from the run's record). Records of nodes no longer listed are released the same way once
 * they are a window old. Each start of a node is a new incarnation: its first heartbeat releases
 * the records of its earlier lives under the same id; a node that leaves releases those of the runs
 * it still has in flight.
 *
 * <p>Thread-safe.
 */
final class MongoCluster implements LostRunReports.Holder {

  private static final System.Logger LOG = System.getLogger(MongoCluster.class.getName());
  private static final String HEARTBEAT = "heartbeat";
  private static final String INCARNATION = "incarnation";

  /**
   * A node's window (missed heartbeats times interval) in milliseconds, for {@link
   * #refuseIfNodesLive}.
   */
  private static final String WINDOW = "window_ms";

  private final MongoCollection<Document> nodes;
  private final ClusterSettings settings;
  private final JobStoreContext context;
  private final String description;
  private final String incarnation = UUID.randomUUID().toString();
  private final MongoRunRecords records;
  private final MongoClaims claims;
  private final HeartbeatWindow window;
  private final AtomicBoolean flushQueued = new AtomicBoolean();
  private final MongoRunHistory lostHistory;
  private final JobStore store;
  private final Duration timeout;
  private final CountDownLatch storeStarted = new CountDownLatch(1);
  private volatile ScheduledExecutorService heartbeats;
  private volatile LostRunReports reports;

  private MongoCluster(
      MongoSession session,
      ClusterSettings settings,
      JobStoreContext context,
      String description,
      Duration timeout,
      JobStore store) {
    this.store = store;
    this.timeout = timeout;
    this.nodes = session.beside("_nodes");
    this.settings = settings;
    this.context = context;
    this.description = description;
    this.window = new HeartbeatWindow(settings, description, "MongoDB's");
    this.records =
        new MongoRunRecords(
            session.beside("_running"),
            session.beside("_released"),
            this::nowMicros,
            session.collection(),
            settings.nodeId(),
            incarnation,
            context,
            description);
    this.lostHistory = new MongoRunHistory(session::runs);
    this.claims = new MongoClaims(session.collection(), this::nowMicros, timeout);
  }

  /**
   * Starts a node on {@code session}: makes sure of the indexes, registers the node (releasing an
   * earlier life's runs) and starts heartbeating; closes the session if it cannot.
   *
   * @throws JobStoreException if a scheduler outside cluster mode holds the store
   * @param timeout how long a write waits for another node's claim on a job to end
   * @param store the store, for the reruns of lost runs (used once {@link #storeStarted})
   * @throws JobStoreException if MongoDB cannot be reached
   */
  static MongoCluster join(
      MongoSession session,
      ClusterSettings settings,
      JobStoreContext context,
      String description,
      Duration timeout,
      JobStore store) {
    MongoCluster node = new MongoCluster(session, settings, context, description, timeout, store);
    try {
      try {
        String holder = MongoLease.liveHolder(session.beside("_owner"));
        if (holder != null) {
          throw new JobStoreException(
              description
                  + " is in use by a scheduler outside cluster mode ("
                  + holder
                  + "): each would run every fire time. Turn on cluster mode in every scheduler"
                  + " that shares the store, or give each scheduler its own collection.");
        }
        session.collection().createIndex(Indexes.ascending(MongoClaims.UNTIL));
        node.records.createIndexes();
      } catch (MongoException e) {
        throw new JobStoreException(description + ": could not start: " + e.getMessage(), e);
      }
      node.start();
    } catch (RuntimeException | Error e) {
      session.close();
      throw e;
    }
    return node;
  }

  /** This node's id. */
  String nodeId() {
    return settings.nodeId();
  }

  /** This node's run records. */
  MongoRunRecords records() {
    return records;
  }

  /** The claims on job documents. */
  MongoClaims claims() {
    return claims;
  }

  /** How far MongoDB's clock is ahead of the scheduler's, as of the last heartbeat. */
  Duration clockOffset() {
    return window.clockOffset();
  }

  /** MongoDB's time now as this node measures it, in epoch microseconds. */
  long nowMicros() {
    return JobCodec.toEpochMicros(context.clock().instant().plus(window.clockOffset()));
  }

  /** Registers this node (releasing an earlier life's runs) and starts heartbeating. */
  synchronized void start() {
    reports =
        new LostRunReports("apscheduler-cluster-reports-" + nodeId(), description, context, this);
    try {
      heartbeat(true);
    } catch (RuntimeException | Error e) {
      reports.abandon();
      throw e;
    }
    heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("apscheduler-heartbeat-"));
    long period = settings.heartbeatInterval().toMillis();
    heartbeats.scheduleWithFixedDelay(
        () -> window.runScheduled(() -> heartbeat(false)), period, period, TimeUnit.MILLISECONDS);
    LOG.log(Level.INFO, description + ": cluster node '" + nodeId() + "' joined");
  }

  /**
   * Stops heartbeating and leaves: deletes the records of finished runs, releases (and reports as
   * lost, rerunning those of jobs that rerun lost runs) those of runs still in flight, and removes
   * this node's document.
   */
  synchronized void stop() {
    if (heartbeats == null) {
      return;
    }
    heartbeats.shutdownNow();
    heartbeats = null;
    List<LostRunReports.Released> lost = new ArrayList<>();
    try {
      records.deleteFinished();
      lost.addAll(
          records.releaseNode(nodeId(), "which left the cluster while the run was going on"));
      nodes.deleteOne(
          Filters.and(Filters.eq("_id", nodeId()), Filters.eq(INCARNATION, incarnation)));
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          description
              + ": leaving the cluster cleanly failed; the other nodes will release this node's"
              + " runs once its heartbeat is "
              + settings.deadAfter()
              + " old: "
              + e);
    }
    reports.stop(lost, settings.deadAfter());
  }

  /** Remembers a finished run and has its record deleted soon, batched with others. */
  void runFinished(String jobId, Instant fireTime) {
    records.finished(new MongoRunRecords.Run(jobId, fireTime));
    ScheduledExecutorService executor = heartbeats;
    if (executor != null && flushQueued.compareAndSet(false, true)) {
      try {
        executor.execute(this::flushQuietly);
      } catch (RejectedExecutionException stopping) {
        flushQueued.set(false);
      }
    }
  }

  private void flushQuietly() {
    flushQueued.set(false);
    try {
      records.deleteFinished();
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, description + ": recording finished runs failed, will retry: " + e);
    }
  }

  /**
   * Records a run-now run if fewer than {@code maxInstances} runs of the job are in flight on all
   * nodes. The job's document is claimed meanwhile, so that no due pass starts a run of it between
   * the count and the record.
   *
   * @throws MongoException if MongoDB cannot be reached
   */
  boolean tryStart(String jobId, Instant fireTime, int maxInstances) {
    String token = nodeId() + ":" + UUID.randomUUID();
    long deadline = System.nanoTime() + claims.patience().toNanos();
    boolean claimed = false;
    while (!claimed) {
      long now = nowMicros();
      Document doc =
          claims
              .jobs()
              .findOneAndUpdate(
                  Filters.and(Filters.eq("_id", jobId), MongoClaims.free(now)),
                  MongoClaims.take(token, now + settings.deadAfter().toNanos() / 1000));
      claimed = doc != null;
      if (!claimed && claims.jobs().find(Filters.eq("_id", jobId)).first() == null) {
        break; // the job is gone: no due pass can start a run of it
      }
      if (!claimed && System.nanoTime() - deadline > 0) {
        return false;
      }
      if (!claimed) {
        LockSupport.parkNanos(1_000_000);
      }
    }
    try {
      if (records.runningCounts(List.of(jobId)).getOrDefault(jobId, 0) >= maxInstances) {
        return false;
      }
      records.insert(
          List.of(new MongoRunRecords.Run(jobId, fireTime)), "run-now:" + token, nowMicros());
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    } finally {
      if (claimed) {
        claims
            .jobs()
            .updateOne(
                Filters.and(Filters.eq("_id", jobId), Filters.eq(MongoClaims.OWNER, token)),
                MongoClaims.release());
      }
    }
  }

  /**
   * Deletes finished runs' records, writes this node's heartbeat, measures the clock offset and
   * (when this node has heartbeaten long enough itself) reaps dead nodes.
   *
   * @param first whether this is the node's first heartbeat since it started
   * @throws JobStoreException if MongoDB cannot be reached
   */
  private void heartbeat(boolean first) {
    long begun = System.nanoTime();
    boolean mayReap = window.mayReap(begun);
    List<LostRunReports.Released> lost = new ArrayList<>();
    try {
      records.deleteFinished();
      Instant before = context.clock().instant();
      Document beat =
          nodes.findOneAndUpdate(
              Filters.eq("_id", nodeId()),
              Updates.combine(
                  Updates.set(INCARNATION, incarnation),
                  Updates.set(WINDOW, settings.deadAfter().toMillis()),
                  Updates.currentDate(HEARTBEAT)),
              new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
      Instant serverNow = beat.getDate(HEARTBEAT).toInstant();
      window.clockRead(before, context.clock().instant(), serverNow);
      if (first) {
        lost.addAll(records.takeOverFromEarlierLives());
        lost.addAll(records.releaseEarlierLives());
      }
      if (mayReap) {
        reap(serverNow, lost);
      }
    } catch (MongoException e) {
      window.failed();
      report(lost);
      throw new JobStoreException(
          description + ": heartbeat of node '" + nodeId() + "' failed: " + e, e);
    } catch (RuntimeException | Error e) {
      window.failed();
      report(lost);
      throw e;
    }
    window.succeeded(begun);
    report(lost);
  }

  /**
   * Refuses a scheduler outside cluster mode on a store that cluster nodes use: one whose heartbeat
   * (by this scheduler's clock) is younger than its window.
   *
   * @throws JobStoreException if there is such a node
   */
  static void refuseIfNodesLive(MongoSession session, String description) {
    long now = System.currentTimeMillis();
    for (Document node : session.beside("_nodes").find()) {
      Date beat = node.getDate(HEARTBEAT);
      Number window = node.get(WINDOW, Number.class);
      if (beat != null && window != null && beat.getTime() + window.longValue() > now) {
        throw new JobStoreException(
            description
                + " is in use by cluster node '"
                + node.getString("_id")
                + "', and this scheduler is not in cluster mode: each would run every fire time."
                + " Turn on cluster mode in every scheduler that shares the store, or give each"
                + " scheduler its own collection.");
      }
    }
  }

  /** Removes the nodes whose heartbeat is a window older than {@code serverNow}, and orphans. */
  private void reap(Instant serverNow, List<LostRunReports.Released> lost) {
    Date limit = Date.from(serverNow.minus(settings.deadAfter()));
    for (Document dead :
        nodes
            .find(Filters.and(Filters.lt(HEARTBEAT, limit), Filters.ne("_id", nodeId())))
            .into(new ArrayList<>())) {
      String node = dead.getString("_id");
      if (nodes
              .deleteOne(Filters.and(Filters.eq("_id", node), Filters.lt(HEARTBEAT, limit)))
              .getDeletedCount()
          == 1) {
        LOG.log(
            Level.WARNING,
            description
                + ": node '"
                + node
                + "' stopped heartbeating; removed it from the cluster, its jobs continue on the"
                + " others");
        lost.addAll(records.releaseNode(node, "which stopped heartbeating"));
      }
    }
    List<String> live = nodes.distinct("_id", String.class).into(new ArrayList<>());
    long limitMicros = JobCodec.toEpochMicros(limit.toInstant());
    lost.addAll(records.releaseOrphans(live, limitMicros));
    lost.addAll(records.takeOverFromGone(live, limitMicros));
    lost.addAll(records.takeBackUnsettled(limitMicros));
  }

  /** Hands lost runs to the listeners on the reporting thread, never the heartbeat's. */
  private void report(List<LostRunReports.Released> lost) {
    reports.report(lost);
  }

  @Override
  public void recordHistory(List<RunRecord> records) {
    lostHistory.record(records, null);
  }

  /** Reruns go to the store once it has started (this node alone reaped their runs). */
  @Override
  public JobStore rerunStore() {
    return awaitStoreStarted() ? store : null;
  }

  /**
   * Forgets the released runs that were handed over: should this node die before, the node that
   * reaps it reports them, and runs not handed over this node takes back once they are a window old
   * (at least once: a run may be reported twice).
   */
  @Override
  public void settle(List<LostRunReports.Released> handedOver) {
    records.settle(handedOver);
  }

  /** The live nodes with their last heartbeat (MongoDB's time), by id. */
  Map<String, Instant> nodes() {
    Map<String, Instant> live = new LinkedHashMap<>();
    try {
      for (Document node : nodes.find().sort(Sorts.ascending("_id"))) {
        Date beat = node.getDate(HEARTBEAT);
        if (beat != null) {
          live.put(node.getString("_id"), beat.toInstant());
        }
      }
    } catch (MongoException e) {
      throw new JobStoreException(description + ": could not read the cluster nodes: " + e, e);
    }
    return live;
  }

  /** Whether this node's clock was off MongoDB's by more than the maximum skew. */
  boolean clockSkewed() {
    return window.clockSkewed();
  }

  /** Marks the store started: its jobs can be read and written for reruns. */
  void storeStarted() {
    storeStarted.countDown();
  }

  private boolean awaitStoreStarted() {
    try {
      if (storeStarted.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.log(Level.WARNING, description + ": the store did not start; lost runs are not rerun");
    return false;
  }

  private ThreadFactory daemon(String prefix) {
    return run -> {
      Thread thread = new Thread(run, prefix + nodeId());
      thread.setDaemon(true);
      return thread;
    };
  }
}
