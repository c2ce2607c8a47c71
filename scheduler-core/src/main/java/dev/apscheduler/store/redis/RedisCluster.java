package dev.apscheduler.store.redis;

import dev.apscheduler.JobStoreException;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.history.RunRetention;
import dev.apscheduler.internal.ClusterSettings;
import dev.apscheduler.internal.HeartbeatWindow;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobDocuments;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.JobStoreContext;
import dev.apscheduler.store.LostRunReports;
import dev.apscheduler.store.LostRunReruns;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The cluster side of a {@link RedisJobStore}: this node's heartbeat in {@code <prefix>nodes}, the
 * records of the runs in flight (so that {@code maxInstances} holds across nodes; see {@link
 * RedisClusterScripts}), the reaping of nodes that stopped heartbeating, and the offset of this
 * node's clock from Redis's, by which due times are judged.
 *
 * <p>A node is dead when its heartbeat (Redis time) is older than {@code missedHeartbeats}
 * heartbeat intervals. A node reaps others only once it has itself heartbeaten without a break for
 * that long, so that after an outage the first node back does not take the others for dead. The
 * runs a dead node had in flight are reported ({@code JOB_LOST}, on a thread of its own, never the
 * heartbeat's) and their records deleted; they are not repeated, unless their job reruns lost runs
 * ({@link LostRunReruns}). A node that starts and finds itself listed (a restart under the same id)
 * releases the records of its earlier life; a node that leaves releases those of the runs it still
 * has in flight. Finished runs' records are deleted in batches on the heartbeat thread, and kept
 * for the next try when that fails.
 *
 * <p>Thread-safe.
 */
final class RedisCluster implements LostRunReports.Holder {

  private static final System.Logger LOG = System.getLogger(RedisCluster.class.getName());

  private final Supplier<RedisCommands<String, String>> redis;
  private final String[] keys;
  private final String keyPrefix;
  private final ClusterSettings settings;
  private final JobStoreContext context;
  private final String description;
  private final ConcurrentLinkedQueue<String[]> finished = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean flushQueued = new AtomicBoolean();
  private volatile ScheduledExecutorService heartbeats;
  private volatile LostRunReports reports;
  private final HeartbeatWindow window;

  /** Lost runs' records are written untrimmed: the scheduler's purge applies its retention. */
  private static final RunRetention UNTRIMMED =
      new RunRetention(RunRetention.DEFAULT_MAX_AGE, Integer.MAX_VALUE);

  /** The store this node belongs to: lost runs of jobs that rerun them are written into it. */
  private final JobStore store;

  /** Reads the jobs that lost runs' records kept. */
  private final JobDocuments documents;

  RedisCluster(
      Supplier<RedisCommands<String, String>> redis,
      String[] keys,
      String keyPrefix,
      ClusterSettings settings,
      JobStoreContext context,
      String description,
      JobStore store) {
    this.redis = redis;
    this.store = store;
    this.keys = keys;
    this.keyPrefix = keyPrefix;
    this.settings = settings;
    this.context = context;
    this.description = description;
    this.window = new HeartbeatWindow(settings, description, "Redis's");
    this.documents = new JobDocuments(context, description);
  }

  /**
   * Starts a node on {@code session} ({@link #start}); closes the session if it cannot.
   *
   * @throws JobStoreException if Redis cannot be reached
   */
  static RedisCluster join(
      RedisSession session,
      String[] keys,
      String keyPrefix,
      ClusterSettings settings,
      JobStoreContext context,
      String description,
      JobStore store) {
    RedisCluster node =
        new RedisCluster(session::commands, keys, keyPrefix, settings, context, description, store);
    try {
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

  /** How far Redis's clock is ahead of the scheduler's, as of the last heartbeat. */
  Duration clockOffset() {
    return window.clockOffset();
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
        this::heartbeatQuietly, period, period, TimeUnit.MILLISECONDS);
    LOG.log(Level.INFO, description + ": cluster node '" + nodeId() + "' joined");
  }

  /**
   * Stops heartbeating and leaves: deletes the records of finished runs, releases (and reports as
   * lost) those of runs still in flight, and removes this node from the list.
   */
  synchronized void stop() {
    if (heartbeats == null) {
      return;
    }
    heartbeats.shutdownNow();
    heartbeats = null;
    List<LostRunReports.Released> lost = new ArrayList<>();
    try {
      flushFinished();
      lost.addAll(released(eval(RedisClusterScripts.LEAVE)));
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
    finished.add(new String[] {jobId, Long.toString(JobCodec.toEpochMicros(fireTime))});
    ScheduledExecutorService executor = heartbeats;
    if (executor != null && flushQueued.compareAndSet(false, true)) {
      try {
        executor.execute(this::flushQuietly);
      } catch (RejectedExecutionException stopping) {
        flushQueued.set(false);
      }
    }
  }

  /**
   * Records a run-now run if fewer than {@code maxInstances} runs of the job are in flight on all
   * nodes.
   */
  boolean tryStart(String jobId, Instant fireTime, int maxInstances) {
    String fire = Long.toString(JobCodec.toEpochMicros(fireTime));
    List<Object> result =
        eval(RedisClusterScripts.TRY_START, jobId, fire, Integer.toString(maxInstances));
    return Long.valueOf(1).equals(result.get(0));
  }

  /** The live nodes with their last heartbeat (Redis's time), oldest heartbeat first. */
  Map<String, Instant> nodes() {
    Map<String, Instant> live = new LinkedHashMap<>();
    try {
      for (ScoredValue<String> node : redis.get().zrangeWithScores(keys[3], 0, -1)) {
        live.put(node.getValue(), JobCodec.fromEpochMicros((long) node.getScore()));
      }
    } catch (RedisException e) {
      throw new JobStoreException(description + ": could not read the cluster nodes: " + e, e);
    }
    return live;
  }

  /** Whether this node's clock was off Redis's by more than the maximum skew. */
  boolean clockSkewed() {
    return window.clockSkewed();
  }

  /** The claim noted on a job ({@link RedisClusterScripts#CLAIM}), or {@code null} if none. */
  String claimOf(String jobId) {
    return redis.get().hget(keys[2], jobId);
  }

  /**
   * Runs a cluster script with the prefix and node id before {@code args}.
   *
   * @throws RedisException if Redis cannot be reached
   */
  List<Object> eval(String script, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = keyPrefix;
    all[1] = nodeId();
    System.arraycopy(args, 0, all, 2, args.length);
    Object result = redis.get().eval(script, ScriptOutputType.MULTI, keys, all);
    if (result instanceof List<?> list) {
      return new ArrayList<>(list);
    }
    List<Object> one = new ArrayList<>();
    one.add(result);
    return one;
  }

  private void flushQuietly() {
    flushQueued.set(false);
    try {
      flushFinished();
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, description + ": recording finished runs failed, will retry: " + e);
    }
  }

  /** Deletes the records of the runs finished so far; on failure they wait for the next try. */
  private void flushFinished() {
    List<String[]> batch = new ArrayList<>();
    for (String[] run = finished.poll(); run != null; run = finished.poll()) {
      batch.add(run);
    }
    if (batch.isEmpty()) {
      return;
    }
    String[] args = new String[batch.size() * 2];
    for (int i = 0; i < batch.size(); i++) {
      args[2 * i] = batch.get(i)[0];
      args[2 * i + 1] = batch.get(i)[1];
    }
    try {
      eval(RedisClusterScripts.FINISHED, args);
    } catch (RuntimeException | Error e) {
      finished.addAll(batch);
      throw e;
    }
  }

  private void heartbeatQuietly() {
    window.runScheduled(() -> heartbeat(false));
  }

  /**
   * Deletes finished runs' records, writes this node's heartbeat, measures the clock offset and
   * (when this node has heartbeaten long enough itself) reaps dead nodes.
   *
   * @param first whether this is the node's first heartbeat since it started
   * @throws JobStoreException if Redis cannot be reached
   */
  private void heartbeat(boolean first) {
    long begun = System.nanoTime();
    boolean mayReap = window.mayReap(begun);
    List<Object> result;
    Instant before = context.clock().instant();
    try {
      flushFinished();
      result =
          eval(
              RedisClusterScripts.HEARTBEAT,
              first ? "1" : "0",
              mayReap ? "1" : "0",
              Long.toString(settings.deadAfter().toNanos() / 1000));
    } catch (RuntimeException | Error e) {
      window.failed();
      if (e instanceof RedisException r) {
        throw new JobStoreException(
            description + ": heartbeat of node '" + nodeId() + "' failed: " + r, r);
      }
      throw e;
    }
    window.clockRead(
        before,
        context.clock().instant(),
        JobCodec.fromEpochMicros(Long.parseLong((String) result.get(0))));
    window.succeeded(begun);
    report(released(result));
  }

  /**
   * The released runs in a script's result (after its time), each keyed by its field in this node's
   * hash of released runs ({@link RedisClusterScripts#SETTLED}).
   */
  private List<LostRunReports.Released> released(List<Object> result) {
    List<LostRunReports.Released> lost = new ArrayList<>();
    for (int i = 1; i + 5 < result.size(); i += 6) {
      String node = (String) result.get(i);
      String jobId = (String) result.get(i + 1);
      if (jobId.isEmpty()) {
        LOG.log(
            Level.WARNING,
            description
                + ": node '"
                + node
                + "' stopped heartbeating; removed it from the cluster, its jobs continue on the"
                + " others");
        continue;
      }
      String why =
          switch ((String) result.get(i + 4)) {
            case "e" ->
                "in an earlier life of this node (it stopped without leaving the cluster and was"
                    + " restarted under the same id)";
            case "d" -> "which stopped heartbeating";
            default -> "which left the cluster while the run was going on";
          };
      String fire = (String) result.get(i + 2);
      long startedMicros = Long.parseLong((String) result.get(i + 3));
      JobEvent event =
          LostRunReruns.lostEvent(
              context, description, node, jobId, Long.parseLong(fire), startedMicros, why);
      lost.add(
          new LostRunReports.Released(
              new LostRunReruns.LostRun(
                  event, LostRunReruns.keptJob(documents, jobId, (String) result.get(i + 5))),
              node,
              node + "|" + fire + "|" + jobId));
    }
    return lost;
  }

  /** Hands lost runs to the listeners on the reporting thread, never the heartbeat's. */
  private void report(List<LostRunReports.Released> lost) {
    reports.report(lost);
  }

  @Override
  public void recordHistory(List<RunRecord> records) {
    store.runHistory().record(records, UNTRIMMED);
  }

  /** Reruns go to the store: this node alone reaped their runs. */
  @Override
  public JobStore rerunStore() {
    return store;
  }

  /**
   * Lets Redis forget the released runs that were handed over: should this node die before, the
   * node that reaps it reports them, and runs not handed over this node offers again once they are
   * a window old (at least once: a run may be reported twice).
   */
  @Override
  public void settle(List<LostRunReports.Released> handedOver) {
    eval(
        RedisClusterScripts.SETTLED,
        handedOver.stream().map(each -> (String) each.key()).toArray(String[]::new));
  }

  private java.util.concurrent.ThreadFactory daemon(String prefix) {
    return run -> {
      Thread thread = new Thread(run, prefix + nodeId());
      thread.setDaemon(true);
      return thread;
    };
  }
}
