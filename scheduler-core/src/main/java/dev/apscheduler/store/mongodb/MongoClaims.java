package dev.apscheduler.store.mongodb;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import dev.apscheduler.store.JobCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The claims of a {@link MongoJobStore} in cluster mode: a node that takes a job document (its due
 * pass, or a run-now) writes {@code lease_owner} (a token of that pass) and {@code lease_until}
 * (epoch microseconds by MongoDB's clock, as the node measures it) into the document. While the
 * lease lasts no other node's due pass takes the job, and the store's own writes to the document
 * (update, replace, remove) wait for it to end, as they would for a row lock; a lease whose node
 * died simply runs out. The due pass's writes are conditional on its token, so a pass whose lease
 * ran out and was taken over writes nothing.
 *
 * <p>Immutable; thread-safe.
 *
 * @param jobs the job collection
 * @param nowMicros MongoDB's time as this node measures it, in epoch microseconds
 * @param patience how long a write waits for a lease to end before it gives up
 */
record MongoClaims(MongoCollection<Document> jobs, LongSupplier nowMicros, Duration patience) {

  /** The token of the pass that holds the job. */
  static final String OWNER = "lease_owner";

  /** When the lease ends, epoch microseconds. */
  static final String UNTIL = "lease_until";

  /** Documents nobody holds at {@code now} (epoch micros): no lease, or one that ran out. */
  static Bson free(long now) {
    return Filters.or(Filters.eq(UNTIL, null), Filters.lt(UNTIL, now));
  }

  /**
   * The update that gives the lease to the pass {@code token} until {@code until} (epoch micros).
   */
  static Bson take(String token, long until) {
    return Updates.combine(Updates.set(OWNER, token), Updates.set(UNTIL, until));
  }

  /** Ends the lease (the document keeps every other field). */
  static Bson release() {
    return Updates.combine(Updates.unset(OWNER), Updates.unset(UNTIL));
  }

  /**
   * Runs {@code write} on {@code filter} restricted to a free document, again while job {@code id}
   * is held by a lease, for at most {@link #patience}; returns what it returned (how many documents
   * it matched: 0 when the job is not there or not as expected), or -1 if the job was held all
   * along.
   */
  long write(String id, Bson filter, ToLongFunction<Bson> write) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      long now = nowMicros.getAsLong();
      long written = write.applyAsLong(Filters.and(filter, free(now)));
      if (written > 0 || !held(id, now)) {
        return written;
      }
      if (System.nanoTime() - deadline > 0) {
        return -1;
      }
      LockSupport.parkNanos(1_000_000);
    }
  }

  private boolean held(String id, long now) {
    return jobs.find(Filters.and(Filters.eq("_id", id), Filters.gte(UNTIL, now)))
            .projection(Projections.include("_id"))
            .first()
        != null;
  }

  /**
   * The earliest time a job held by a lease may be taken again: the later of its next run time and
   * the lease's end; {@code null} if no job with a next run time is held.
   */
  Instant heldUntil() {
    long now = nowMicros.getAsLong();
    List<Document> held =
        jobs.find(Filters.and(Filters.gte(UNTIL, now), Filters.ne(JobRows.NEXT_RUN_TIME, null)))
            .projection(Projections.include(JobRows.NEXT_RUN_TIME, UNTIL))
            .into(new ArrayList<>());
    long earliest = Long.MAX_VALUE;
    for (Document row : held) {
      long next = ((Number) row.get(JobRows.NEXT_RUN_TIME)).longValue();
      earliest = Math.min(earliest, Math.max(next, ((Number) row.get(UNTIL)).longValue()));
    }
    return earliest == Long.MAX_VALUE ? null : JobCodec.fromEpochMicros(earliest);
  }

  /** {@code filter} restricted to documents nobody holds now. */
  Bson unheld(Bson filter) {
    return Filters.and(filter, free(nowMicros.getAsLong()));
  }
}
