package dev.apscheduler.store.redis;

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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * One due pass of a {@link RedisJobStore} in cluster mode, in two scripts: {@link
 * RedisClusterScripts#CLAIM} takes the due jobs out of every other node's sight for {@code
 * claimLease}, the scheduler decides each, and {@link RedisClusterScripts#COMMIT} writes the
 * outcomes and records the runs started, all at once. A node that dies in between leaves its jobs
 * claimed until the claim runs out; their documents still hold their real next run times, so the
 * node that takes them next judges their misfires rightly. If a claim ran out and another node took
 * the job over before the commit (the pass took longer than {@code claimLease}), nothing of the
 * pass is written and it fails, so the scheduler starts none of its runs and decides the jobs
 * again. If the commit's reply is lost, the pass asks Redis whether it happened (see {@link
 * #committedAfterAll}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param cluster this node
 * @param documents the store's documents
 * @param claimLease how long a claim keeps a job from the other nodes
 */
record RedisDuePass(RedisCluster cluster, JobDocuments documents, Duration claimLease) {

  private static final System.Logger LOG = System.getLogger(RedisDuePass.class.getName());

  /** Claims, decides and commits up to {@code limit} due jobs; returns how many were decided. */
  int run(Instant now, int limit, DueJobProcessor processor) {
    long deadline = System.nanoTime() + claimLease.toNanos();
    long nowMicros = JobCodec.toEpochMicros(now);
    String claimEnd = Long.toString(nowMicros + claimLease.toNanos() / 1000);
    String token = cluster.nodeId() + ":" + UUID.randomUUID();
    List<Object> rows =
        cluster.eval(
            RedisClusterScripts.CLAIM,
            Long.toString(nowMicros),
            Integer.toString(limit + documents.unreadableCount()),
            claimEnd,
            token);
    List<String> args = new ArrayList<>(List.of(token, claimEnd));
    int decided = 0;
    try {
      for (int i = 0; i + 3 < rows.size(); i += 4) {
        String id = (String) rows.get(i);
        String real = (String) rows.get(i + 1);
        Optional<Job> job =
            decided < limit
                ? documents.read(id, RedisCalls.instant(real), (String) rows.get(i + 2))
                : Optional.empty();
        if (job.isEmpty()) {
          args.addAll(List.of(id, real, "r", "", "", ""));
          continue;
        }
        decided++;
        DueJobProcessor.Outcome outcome =
            processor.process(job.get(), Math.toIntExact((Long) rows.get(i + 3)));
        String fire =
            outcome.runStarted()
                ? Long.toString(JobCodec.toEpochMicros(outcome.startedFireTime()))
                : "";
        if (outcome.remove()) {
          String kept = LostRunReruns.documentToKeep(outcome, documents);
          args.addAll(List.of(id, real, "d", kept == null ? "" : kept, "", fire));
        } else {
          Job next = outcome.job();
          args.addAll(List.of(id, real, "w", documents.write(next), RedisCalls.score(next), fire));
        }
      }
    } catch (RuntimeException | Error e) {
      releaseAll(rows, token, claimEnd, e);
      throw e;
    }
    commit(args, rows, deadline);
    return decided;
  }

  /**
   * After the commit failed: whether it happened all the same. The script is all or nothing, so the
   * claim of the first decided job tells; Redis is asked until it answers or the claim has run out.
   * If the commit did not happen, the claims are given back and the failure stands: the scheduler
   * cancels the runs and decides the jobs again. If Redis cannot tell, the failure stands too, so
   * no run starts twice; the fire times of the pass are logged as possibly lost, and the run
   * records, if written, are released.
   */
  private boolean committedAfterAll(
      List<String> args, List<Object> rows, long deadline, RuntimeException e) {
    int first = firstDecided(args);
    if (first < 0) {
      return false;
    }
    String id = args.get(first);
    String claim = args.get(1) + "|" + args.get(first + 1) + "|" + args.get(0);
    while (true) {
      try {
        if (claim.equals(cluster.claimOf(id))) {
          releaseAll(rows, args.get(0), args.get(1), e);
          return false;
        }
        return true;
      } catch (RuntimeException unknown) {
        if (System.nanoTime() - deadline > 0) {
          e.addSuppressed(unknown);
          break;
        }
        LockSupport.parkNanos(10_000_000);
      }
    }
    List<String> fireTimes = new ArrayList<>();
    for (int i = 2; i + 5 < args.size(); i += 6) {
      if (!args.get(i + 5).isEmpty()) {
        Instant fire = JobCodec.fromEpochMicros(Long.parseLong(args.get(i + 5)));
        cluster.runFinished(args.get(i), fire);
        fireTimes.add(args.get(i) + "@" + fire);
      }
    }
    LOG.log(
        Level.WARNING,
        "Cluster node '"
            + cluster.nodeId()
            + "' could not learn whether its due pass was written; its runs do not start, and if it"
            + " was written these fire times are lost: "
            + fireTimes);
    return false;
  }

  /** The index in the commit's arguments of the first decided job's id, or -1 if none. */
  private static int firstDecided(List<String> args) {
    for (int i = 2; i + 5 < args.size(); i += 6) {
      if (!args.get(i + 2).equals("r")) {
        return i;
      }
    }
    return -1;
  }

  private void commit(List<String> args, List<Object> rows, long deadline) {
    List<Object> lost;
    try {
      lost = cluster.eval(RedisClusterScripts.COMMIT, args.toArray(String[]::new));
    } catch (RuntimeException e) {
      if (!committedAfterAll(args, rows, deadline, e)) {
        throw e;
      }
      lost = List.of();
    }
    if (!lost.isEmpty()) {
      throw new JobStoreException(
          "The claims of this due pass on jobs "
              + lost
              + " ran out (the pass took longer than "
              + claimLease
              + ") and another node took them over; nothing of the pass was written, its jobs are"
              + " decided again");
    }
    for (int i = 2; i < args.size(); i += 6) {
      documents.forget(args.get(i));
    }
  }

  /** Puts the claimed jobs back at their real scores after the pass failed before its commit. */
  private void releaseAll(List<Object> rows, String token, String claimEnd, Throwable failure) {
    List<String> args = new ArrayList<>(List.of(token, claimEnd));
    for (int i = 0; i + 3 < rows.size(); i += 4) {
      args.addAll(List.of((String) rows.get(i), (String) rows.get(i + 1), "r", "", "", ""));
    }
    try {
      cluster.eval(RedisClusterScripts.COMMIT, args.toArray(String[]::new));
    } catch (RuntimeException suppressed) {
      failure.addSuppressed(suppressed);
    }
  }
}
