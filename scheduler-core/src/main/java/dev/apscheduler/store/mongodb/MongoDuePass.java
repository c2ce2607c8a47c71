package dev.apscheduler.store.mongodb;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.apscheduler.Job;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.store.DueJobProcessor;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobDocuments;
import dev.apscheduler.store.LostRunReruns;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * One due pass of a {@link MongoJobStore} in cluster mode. MongoDB (a standalone server, or the
 * in-process test server) has no transaction over several documents, so the pass is built from
 * writes that are each atomic on one document:
 *
 * <ol>
 *   <li><b>claim</b>: one {@code updateMany} gives the due jobs that nobody holds to this pass (a
 *       lease: {@link MongoClaims}), one {@code find} reads what it got; each job goes to one pass;
 *   <li><b>decide</b>: the scheduler decides each job, with the runs of it recorded in flight on
 *       every node;
 *   <li><b>renew</b>: one {@code updateMany} extends the leases that are still this pass's. If a
 *       lease ran out and another node took the job (the pass took longer than {@code claimLease}),
 *       nothing of the pass is written and it fails: the scheduler starts none of its runs and
 *       decides the jobs again;
 *   <li><b>record</b>: the runs started are written to {@code <collection>_running}, whose unique
 *       (job, fire time) key refuses a fire time recorded already;
 *   <li><b>commit</b>: one unordered {@code bulkWrite} writes each job's new state, conditional on
 *       the lease (and ends it). A failed commit is asked about (which documents still carry the
 *       lease) and what is missing is written again while the leases last; only if MongoDB cannot
 *       be reached for that long does the pass fail, its runs do not start (their fire times, if
 *       written, are logged as possibly lost) and its records are deleted.
 * </ol>
 *
 * A node that dies mid-pass leaves its jobs held until the lease runs out; their documents still
 * hold their real next run times, so the node that takes them next judges their misfires rightly.
 *
 * <p>Immutable; thread-safe.
 *
 * @param cluster this node
 * @param jobs the job collection
 * @param documents the store's documents
 * @param claimLease how long a pass's lease keeps a job from the other nodes
 */
record MongoDuePass(
    MongoCluster cluster,
    MongoCollection<Document> jobs,
    JobDocuments documents,
    Duration claimLease) {

  private static final System.Logger LOG = System.getLogger(MongoDuePass.class.getName());

  /** Claims, decides and commits up to {@code limit} due jobs; returns how many were decided. */
  int run(Instant now, int limit, DueJobProcessor processor) {
    long nowMicros = JobCodec.toEpochMicros(now);
    String token = cluster.nodeId() + ":" + UUID.randomUUID();
    List<Document> rows;
    try {
      rows = claim(nowMicros, limit, token);
    } catch (RuntimeException | Error e) {
      releaseAll(token, e);
      throw e;
    }
    if (rows.isEmpty()) {
      return 0;
    }
    Map<Object, WriteModel<Document>> writes = new LinkedHashMap<>();
    List<MongoRunRecords.Run> started = new ArrayList<>();
    int decided = 0;
    long deadline;
    try {
      Map<String, Integer> running =
          cluster.records().runningCounts(rows.stream().map(r -> r.getString("_id")).toList());
      for (Document row : rows) {
        Bson ours =
            Filters.and(Filters.eq("_id", row.get("_id")), Filters.eq(MongoClaims.OWNER, token));
        Optional<Job> job = decided < limit ? JobRows.read(documents, row) : Optional.empty();
        if (job.isEmpty()) {
          writes.put(row.get("_id"), new UpdateOneModel<>(ours, MongoClaims.release()));
          continue;
        }
        decided++;
        DueJobProcessor.Outcome outcome =
            processor.process(job.get(), running.getOrDefault(job.get().id(), 0));
        if (outcome.remove()) {
          writes.put(row.get("_id"), new DeleteOneModel<>(ours));
        } else {
          Job next = outcome.job();
          writes.put(
              row.get("_id"),
              new ReplaceOneModel<>(ours, JobRows.toRow(next, documents.write(next))));
        }
        if (outcome.runStarted()) {
          started.add(
              new MongoRunRecords.Run(
                  job.get().id(),
                  outcome.startedFireTime(),
                  LostRunReruns.documentToKeep(outcome, documents)));
        }
      }
      deadline = renew(token, rows.size());
      recordRuns(started, token);
    } catch (RuntimeException | Error e) {
      releaseAll(token, e);
      throw e;
    }
    commit(writes, started, token, deadline);
    return decided;
  }

  /** Gives the due jobs nobody holds to the pass {@code token}; returns what it got, in order. */
  private List<Document> claim(long nowMicros, int limit, String token) {
    List<Object> ids =
        jobs.find(
                Filters.and(
                    Filters.lte(JobRows.NEXT_RUN_TIME, nowMicros), MongoClaims.free(nowMicros)))
            .projection(Projections.include("_id"))
            .sort(JobRows.ORDER)
            .limit(limit + documents.unreadableCount())
            .map(row -> row.get("_id"))
            .into(new ArrayList<>());
    if (ids.isEmpty()) {
      return List.of();
    }
    jobs.updateMany(
        Filters.and(
            Filters.in("_id", ids),
            Filters.lte(JobRows.NEXT_RUN_TIME, nowMicros),
            MongoClaims.free(nowMicros)),
        MongoClaims.take(token, nowMicros + claimLease.toNanos() / 1000));
    return jobs.find(Filters.eq(MongoClaims.OWNER, token))
        .sort(JobRows.ORDER)
        .into(new ArrayList<>());
  }

  /**
   * Extends this pass's leases by {@code claimLease} from now, so that the commit has that long.
   *
   * @return until when (nanoTime) the commit may be tried: half the renewed lease
   * @throws JobStoreException if a lease is no longer this pass's
   */
  private long renew(String token, int claimed) {
    long deadline = System.nanoTime() + claimLease.toNanos() / 2;
    long until = cluster.nowMicros() + claimLease.toNanos() / 1000;
    long renewed =
        jobs.updateMany(Filters.eq(MongoClaims.OWNER, token), Updates.set(MongoClaims.UNTIL, until))
            .getMatchedCount();
    if (renewed < claimed) {
      throw new JobStoreException(
          "The claims of a due pass of cluster node '"
              + cluster.nodeId()
              + "' on "
              + (claimed - renewed)
              + " job(s) ran out (the pass took longer than "
              + claimLease
              + ") and another node or a change took them over; nothing of the pass was written, its"
              + " jobs are decided again");
    }
    return deadline;
  }

  /** Writes the records of the runs started; on failure deletes those written. */
  private void recordRuns(List<MongoRunRecords.Run> started, String token) {
    try {
      cluster.records().insert(started, token, cluster.nowMicros());
    } catch (RuntimeException e) {
      forgetRecords(started, token, e);
      throw e;
    }
  }

  /**
   * Writes the jobs' new states; while that fails, asks which documents still carry this pass's
   * lease and writes those again, until the leases run out.
   */
  private void commit(
      Map<Object, WriteModel<Document>> writes,
      List<MongoRunRecords.Run> started,
      String token,
      long deadline) {
    Map<Object, WriteModel<Document>> pending = new LinkedHashMap<>(writes);
    RuntimeException failure = null;
    while (!pending.isEmpty()) {
      try {
        long expected = pending.size();
        var result =
            jobs.bulkWrite(
                new ArrayList<>(pending.values()), new BulkWriteOptions().ordered(false));
        if (result.getMatchedCount() + result.getDeletedCount() < expected) {
          throw new JobStoreException(
              "Cluster node '"
                  + cluster.nodeId()
                  + "': jobs of its due pass were removed or taken over while it wrote them");
        }
        pending.clear();
      } catch (MongoException e) {
        failure = failure == null ? e : failure;
        if (System.nanoTime() - deadline > 0) {
          break;
        }
        LockSupport.parkNanos(10_000_000);
        try {
          Set<Object> held = new HashSet<>();
          jobs.find(Filters.eq(MongoClaims.OWNER, token))
              .projection(Projections.include("_id"))
              .forEach(row -> held.add(row.get("_id")));
          // a document no longer held was written by this pass, as long as the lease lasts
          if (System.nanoTime() - (deadline + claimLease.toNanos() / 2) < 0) {
            pending.keySet().retainAll(held);
          }
        } catch (MongoException unknown) {
          if (failure.getSuppressed().length == 0) {
            failure.addSuppressed(unknown);
          }
        }
      } catch (JobStoreException e) {
        failure = e;
        break;
      }
    }
    if (!pending.isEmpty() || failure instanceof JobStoreException) {
      List<String> fireTimes =
          started.stream().map(run -> run.jobId() + "@" + run.fireTime()).toList();
      LOG.log(
          Level.WARNING,
          "Cluster node '"
              + cluster.nodeId()
              + "' could not write all of its due pass; its runs do not start, and these fire"
              + " times are lost if their jobs were written: "
              + fireTimes);
      forgetRecords(started, token, failure);
      releaseAll(token, failure);
      throw failure;
    }
    for (Object id : writes.keySet()) {
      documents.forget((String) id);
    }
  }

  /** Deletes the records of a pass whose runs do not start; if that fails, soon after. */
  private void forgetRecords(List<MongoRunRecords.Run> started, String token, Throwable failure) {
    if (started.isEmpty()) {
      return;
    }
    try {
      cluster.records().deleteOfPass(token);
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
      started.forEach(run -> cluster.runFinished(run.jobId(), run.fireTime()));
    }
  }

  /** Gives the pass's leases back after it failed before its commit. */
  private void releaseAll(String token, Throwable failure) {
    try {
      jobs.updateMany(Filters.eq(MongoClaims.OWNER, token), MongoClaims.release());
    } catch (RuntimeException suppressed) {
      failure.addSuppressed(suppressed);
    }
  }
}
