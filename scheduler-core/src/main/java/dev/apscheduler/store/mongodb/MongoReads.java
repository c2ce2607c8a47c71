package dev.apscheduler.store.mongodb;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.apscheduler.Job;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.JobDocuments;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The reads of a {@link MongoJobStore}. Documents that cannot be read are logged and skipped
 * ({@link JobDocuments}). In cluster mode a job held by another node's due pass counts, for the
 * next run time, as due when the pass's lease ends ({@link MongoClaims#heldUntil}), so that no node
 * looks at it again and again meanwhile.
 *
 * <p>Thread-safe.
 *
 * @param jobs the job collection
 * @param docs the store's documents
 * @param claims the claims of cluster mode, or {@code null} outside it
 * @param failure turns a driver failure into the store's, naming what could not be done
 */
record MongoReads(
    MongoCollection<Document> jobs,
    JobDocuments docs,
    MongoClaims claims,
    BiFunction<String, RuntimeException, JobStoreException> failure) {

  /** The job of this id, if any; throws if its document cannot be read. */
  Optional<Job> lookup(String jobId) {
    Document found;
    try {
      found = jobs.find(Filters.eq("_id", jobId)).first();
    } catch (MongoException e) {
      throw failure.apply("look up job '" + jobId + "'", e);
    }
    if (found == null) {
      return Optional.empty();
    }
    return Optional.of(
        docs.readOrThrow(jobId, JobRows.nextRunTime(found), found.getString(JobRows.DOCUMENT)));
  }

  /** Up to {@code limit} readable jobs due at {@code now}, earliest first. */
  List<Job> due(Instant now, int limit) {
    while (true) {
      int skipped = docs.unreadableCount();
      List<Job> due = new ArrayList<>();
      List<Document> rows;
      try {
        rows =
            jobs.find(Filters.lte(JobRows.NEXT_RUN_TIME, JobCodec.toEpochMicros(now)))
                .sort(JobRows.ORDER)
                .limit(limit + skipped)
                .into(new ArrayList<>());
      } catch (MongoException e) {
        throw failure.apply("read due jobs", e);
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

  /**
   * The earliest next run time of a readable job; in cluster mode that of a job nobody holds, or
   * the end of a lease on a held one, whichever comes first.
   */
  Optional<Instant> nextRunTime() {
    Bson scheduled = Filters.ne(JobRows.NEXT_RUN_TIME, null);
    List<Document> first;
    Instant held;
    try {
      first =
          jobs.find(claims == null ? scheduled : claims.unheld(scheduled))
              .projection(Projections.include(JobRows.NEXT_RUN_TIME))
              .sort(JobRows.ORDER)
              .limit(1 + docs.unreadableCount())
              .into(new ArrayList<>());
      held = claims == null ? null : claims.heldUntil();
    } catch (MongoException e) {
      throw failure.apply("read the next run time", e);
    }
    Optional<Instant> next =
        first.stream()
            .filter(row -> !docs.isUnreadable(row.getString("_id")))
            .findFirst()
            .map(JobRows::nextRunTime);
    if (held != null && (next.isEmpty() || held.isBefore(next.get()))) {
      return Optional.of(held);
    }
    return next;
  }

  /** Every readable job, by next run time, paused ones last (by id). */
  List<Job> all() {
    List<Document> rows;
    try {
      rows = jobs.find().into(new ArrayList<>());
    } catch (MongoException e) {
      throw failure.apply("read all jobs", e);
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

  /**
   * One page in the order of {@link #all()}, read a page at a time from the index on the next run
   * time: scheduled jobs by next run time (then id), then paused ones by id. A document that cannot
   * be read is left out of its page.
   */
  List<Job> page(int offset, int limit) {
    List<Job> page = new ArrayList<>(limit);
    if (limit == 0) {
      return page;
    }
    Bson scheduled = Filters.ne(JobRows.NEXT_RUN_TIME, null);
    try {
      int rows = 0;
      for (Document row :
          jobs.find(scheduled)
              .sort(Sorts.ascending(JobRows.NEXT_RUN_TIME, "_id"))
              .skip(offset)
              .limit(limit)) {
        rows++;
        JobRows.read(docs, row).ifPresent(page::add);
      }
      if (rows < limit) {
        long scheduledCount = rows > 0 ? offset + rows : jobs.countDocuments(scheduled);
        int pausedOffset = (int) Math.max(0, offset - scheduledCount);
        for (Document row :
            jobs.find(Filters.eq(JobRows.NEXT_RUN_TIME, null))
                .sort(Sorts.ascending("_id"))
                .skip(pausedOffset)
                .limit(limit - rows)) {
          JobRows.read(docs, row).ifPresent(page::add);
        }
      }
    } catch (MongoException e) {
      throw failure.apply("read a page of jobs", e);
    }
    return page;
  }
}
