package dev.apscheduler.store.mongodb;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobDocuments;
import dev.apscheduler.store.JobStoreContext;
import dev.apscheduler.store.LostRunReports;
import dev.apscheduler.store.LostRunReruns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@code <collection>_running} records of a {@link MongoJobStore} cluster node: one document
 * per run in flight on some node ({@code job_id}, {@code fire_time} in epoch microseconds, unique
 * together; {@code node}, the node's {@code incarnation}, {@code started}, the {@code pass} that
 * started it, and for a run that finishes a job which reruns lost runs {@code job_document}, the
 * job to add back if the run is lost: {@link LostRunReruns#documentToKeep}), so that {@code
 * maxInstances} holds across nodes and a fire time that has a record is not started a second time.
 * A due pass writes its records before the job documents ({@link MongoDuePass}); a record is
 * deleted when its run ends, in batches on the heartbeat thread, and kept for the next try when
 * that fails. Records of a node that is gone (it left, it was reaped, it is this node's earlier
 * life, or it is no longer listed) are released and reported as {@code JOB_LOST}. A released run
 * stays in {@code <collection>_released}, held by the node that released it ({@code held_by}, its
 * {@code held_by_incarnation}, {@code released_at}, {@code why}), until that node has reported it
 * ({@link #settle}); runs held by a node that is gone, or by this node's earlier life, are taken
 * over and reported by a live node ({@link #takeOverFromGone}, {@link #takeOverFromEarlierLives}).
 *
 * <p>Thread-safe: finished runs are queued from any thread.
 */
final class MongoRunRecords {

  private static final System.Logger LOG = System.getLogger(MongoRunRecords.class.getName());

  static final String JOB_ID = "job_id";
  static final String FIRE_TIME = "fire_time";
  static final String NODE = "node";
  private static final String INCARNATION = "incarnation";
  private static final String STARTED = "started";
  private static final String PASS = "pass";
  private static final String KEPT_JOB = "job_document";
  private static final String HOLDER = "held_by";
  private static final String HOLDER_INCARNATION = "held_by_incarnation";
  private static final String RELEASED_AT = "released_at";
  private static final String WHY = "why";

  /** The most runs one statement deletes. */
  private static final int DELETE_BATCH = 1000;

  /**
   * A run in flight: its job, the fire time it stands for, and the job document its record keeps,
   * or {@code null}.
   */
  record Run(String jobId, Instant fireTime, String keptJob) {

    Run(String jobId, Instant fireTime) {
      this(jobId, fireTime, null);
    }
  }

  private final MongoCollection<Document> running;
  private final MongoCollection<Document> released;
  private final LongSupplier nowMicros;
  private final MongoCollection<Document> jobs;
  private final String nodeId;
  private final String incarnation;
  private final JobStoreContext context;
  private final String description;
  private final JobDocuments documents;
  private final ConcurrentLinkedQueue<Run> finished = new ConcurrentLinkedQueue<>();

  /**
   * @param released where released runs wait until reported
   * @param nowMicros the cluster's time, epoch microseconds
   */
  MongoRunRecords(
      MongoCollection<Document> running,
      MongoCollection<Document> released,
      LongSupplier nowMicros,
      MongoCollection<Document> jobs,
      String nodeId,
      String incarnation,
      JobStoreContext context,
      String description) {
    this.running = running;
    this.released = released;
    this.nowMicros = nowMicros;
    this.jobs = jobs;
    this.nodeId = nodeId;
    this.incarnation = incarnation;
    this.context = context;
    this.description = description;
    this.documents = new JobDocuments(context, description);
  }

  /** Makes sure of the unique (job, fire time) index and the index by node. */
  void createIndexes() {
    running.createIndex(
        Indexes.ascending(JOB_ID, FIRE_TIME), new IndexOptions().unique(true).name("job_fire"));
    running.createIndex(Indexes.ascending(NODE));
    released.createIndex(Indexes.ascending(HOLDER));
  }

  /** Remembers a finished run; its record is deleted by the next {@link #deleteFinished}. */
  void finished(Run run) {
    finished.add(run);
  }

  /** Deletes the records of the runs finished so far; on failure they wait for the next try. */
  void deleteFinished() {
    List<Run> batch = new ArrayList<>();
    for (Run run = finished.poll(); run != null; run = finished.poll()) {
      batch.add(run);
    }
    try {
      for (int from = 0; from < batch.size(); from += DELETE_BATCH) {
        List<Bson> ofRuns = new ArrayList<>();
        for (Run run : batch.subList(from, Math.min(batch.size(), from + DELETE_BATCH))) {
          ofRuns.add(
              Filters.and(
                  Filters.eq(JOB_ID, run.jobId()),
                  Filters.eq(FIRE_TIME, JobCodec.toEpochMicros(run.fireTime())),
                  Filters.eq(NODE, nodeId)));
        }
        running.deleteMany(Filters.or(ofRuns));
      }
    } catch (RuntimeException | Error e) {
      finished.addAll(batch);
      throw e;
    }
  }

  /** How many runs of each of these jobs are in flight on any node. */
  Map<String, Integer> runningCounts(Collection<String> jobIds) {
    Map<String, Integer> counts = new HashMap<>();
    if (jobIds.isEmpty()) {
      return counts;
    }
    for (Document r :
        running.find(Filters.in(JOB_ID, jobIds)).projection(Projections.include(JOB_ID))) {
      counts.merge(r.getString(JOB_ID), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * Records runs started by this node's pass {@code pass} (started now, epoch micros {@code
   * startedMicros}), with one unordered {@code insertMany}.
   *
   * @throws com.mongodb.MongoException if a record could not be written, such as one whose (job,
   *     fire time) is recorded already
   */
  void insert(List<Run> runs, String pass, long startedMicros) {
    if (runs.isEmpty()) {
      return;
    }
    List<Document> docs = new ArrayList<>(runs.size());
    for (Run run : runs) {
      Document record =
          new Document(JOB_ID, run.jobId())
              .append(FIRE_TIME, JobCodec.toEpochMicros(run.fireTime()))
              .append(NODE, nodeId)
              .append(INCARNATION, incarnation)
              .append(STARTED, startedMicros)
              .append(PASS, pass);
      if (run.keptJob() != null) {
        record.append(KEPT_JOB, run.keptJob());
      }
      docs.add(record);
    }
    running.insertMany(docs, new InsertManyOptions().ordered(false));
  }

  /** Deletes the records written by this node's pass {@code pass}, which did not start its runs. */
  void deleteOfPass(String pass) {
    running.deleteMany(Filters.and(Filters.eq(NODE, nodeId), Filters.eq(PASS, pass)));
  }

  /** Releases every record of {@code node} ({@link #release}). */
  List<LostRunReports.Released> releaseNode(String node, String why) {
    return release(Filters.eq(NODE, node), why);
  }

  /** Releases the records of this node's earlier lives under the same id. */
  List<LostRunReports.Released> releaseEarlierLives() {
    return release(
        Filters.and(Filters.eq(NODE, nodeId), Filters.ne(INCARNATION, incarnation)),
        "in an earlier life of this node (it stopped without leaving the cluster and was restarted"
            + " under the same id)");
  }

  /**
   * Releases the records of nodes not in {@code liveNodes} that started before {@code beforeMicros}
   * (a node that left or was reaped without them).
   */
  List<LostRunReports.Released> releaseOrphans(Collection<String> liveNodes, long beforeMicros) {
    return release(
        Filters.and(Filters.nin(NODE, liveNodes), Filters.lt(STARTED, beforeMicros)),
        "which is no longer in the cluster");
  }

  /**
   * Deletes the records of {@code filter} one by one and returns each run that this call deleted,
   * with its {@code JOB_LOST} event and the job its record kept (so that two nodes releasing the
   * same records report each once). Before its delete, a record is copied to the released runs, so
   * that a node killed in between leaves it to be reported by another; the node whose delete took
   * the record holds the copy. A record whose run never started ({@link #neverStarted}) is deleted
   * without a report. The warning is logged before the delete.
   *
   * @param why why the runs are lost, for the log and the events
   */
  private List<LostRunReports.Released> release(Bson filter, String why) {
    List<LostRunReports.Released> lost = new ArrayList<>();
    for (Document r : running.find(filter).into(new ArrayList<>())) {
      // logged before the delete, so that a node killed in between has told of the run
      JobEvent event = neverStarted(r) ? null : lostEvent(r, why);
      List<Bson> copied = new ArrayList<>();
      if (event != null) {
        r.forEach(
            (field, value) -> {
              if (!field.equals("_id")) { // the upsert's filter gives it
                copied.add(Updates.setOnInsert(field, value));
              }
            });
        copied.add(Updates.setOnInsert(WHY, why));
        copied.add(Updates.setOnInsert(RELEASED_AT, nowMicros.getAsLong()));
        hold(r, copied, Updates::setOnInsert);
      }
      boolean deleted = running.deleteOne(Filters.eq("_id", r.get("_id"))).getDeletedCount() == 1;
      if (event == null) {
        continue;
      }
      if (deleted) {
        // this node reports the run: it holds the copy, whoever wrote it first
        hold(r, copied, Updates::set);
        lost.add(released(r, event));
      } else {
        // another node released it first and reports it: drop a copy this node made after that
        released.deleteOne(
            Filters.and(
                Filters.eq("_id", r.get("_id")),
                Filters.eq(HOLDER, nodeId),
                Filters.eq(HOLDER_INCARNATION, incarnation)));
      }
    }
    return lost;
  }

  /**
   * Writes the copy of released record {@code r} (its fields {@code copied}, if it has none yet)
   * with this node as its holder, by {@code holder}: {@code setOnInsert} to keep a holder already
   * there, {@code set} to take it.
   */
  private void hold(Document r, List<Bson> copied, BiFunction<String, Object, Bson> holder) {
    List<Bson> update = new ArrayList<>(copied);
    update.add(holder.apply(HOLDER, nodeId));
    update.add(holder.apply(HOLDER_INCARNATION, incarnation));
    released.updateOne(
        Filters.eq("_id", r.get("_id")), Updates.combine(update), new UpdateOptions().upsert(true));
  }

  /**
   * Takes over the released runs held by nodes not in {@code liveNodes} since before {@code
   * beforeMicros}: their node died or left before it reported them.
   */
  List<LostRunReports.Released> takeOverFromGone(Collection<String> liveNodes, long beforeMicros) {
    return takeOver(
        Filters.and(Filters.nin(HOLDER, liveNodes), Filters.lt(RELEASED_AT, beforeMicros)));
  }

  /**
   * Takes back the released runs this node has held since before {@code beforeMicros}: their report
   * or its settling failed.
   */
  List<LostRunReports.Released> takeBackUnsettled(long beforeMicros) {
    return takeOver(
        Filters.and(
            Filters.eq(HOLDER, nodeId),
            Filters.eq(HOLDER_INCARNATION, incarnation),
            Filters.lt(RELEASED_AT, beforeMicros)));
  }

  /** Takes over the released runs that an earlier life of this node had not reported. */
  List<LostRunReports.Released> takeOverFromEarlierLives() {
    return takeOver(
        Filters.and(Filters.eq(HOLDER, nodeId), Filters.ne(HOLDER_INCARNATION, incarnation)));
  }

  /** Makes this node the holder of each released run of {@code filter} that no other node took. */
  private List<LostRunReports.Released> takeOver(Bson filter) {
    List<LostRunReports.Released> lost = new ArrayList<>();
    for (Document r : released.find(filter).into(new ArrayList<>())) {
      Document taken =
          released.findOneAndUpdate(
              Filters.and(
                  Filters.eq("_id", r.get("_id")),
                  Filters.eq(HOLDER, r.get(HOLDER)),
                  Filters.eq(HOLDER_INCARNATION, r.get(HOLDER_INCARNATION))),
              Updates.combine(
                  Updates.set(HOLDER, nodeId),
                  Updates.set(HOLDER_INCARNATION, incarnation),
                  Updates.set(RELEASED_AT, nowMicros.getAsLong())));
      if (taken != null) {
        lost.add(released(r, lostEvent(r, r.getString(WHY))));
      }
    }
    return lost;
  }

  /** Forgets released runs that were reported. */
  void settle(List<LostRunReports.Released> reported) {
    if (!reported.isEmpty()) {
      released.deleteMany(
          Filters.in("_id", reported.stream().map(LostRunReports.Released::key).toList()));
    }
  }

  private JobEvent lostEvent(Document r, String why) {
    return LostRunReruns.lostEvent(
        context,
        description,
        r.getString(NODE),
        r.getString(JOB_ID),
        ((Number) r.get(FIRE_TIME)).longValue(),
        ((Number) r.get(STARTED)).longValue(),
        why);
  }

  private LostRunReports.Released released(Document r, JobEvent event) {
    return new LostRunReports.Released(
        new LostRunReruns.LostRun(
            event, LostRunReruns.keptJob(documents, event.jobId(), r.getString(KEPT_JOB))),
        r.getString(NODE),
        r.get("_id"));
  }

  /**
   * Whether the run of record {@code r} never started: its due pass died before its commit, so the
   * job's document still carries that pass's lease (a commit ends the lease of every job it writes,
   * and runs start only after the whole commit).
   */
  private boolean neverStarted(Document r) {
    return jobs.find(
                Filters.and(
                    Filters.eq("_id", r.getString(JOB_ID)),
                    Filters.eq(MongoClaims.OWNER, r.getString(PASS))))
            .projection(Projections.include("_id"))
            .first()
        != null;
  }
}
