package dev.apscheduler.store.mongodb;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import dev.apscheduler.JobNotFoundException;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.store.JobDocuments;
import dev.apscheduler.store.JobStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;
import org.bson.BSONException;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The writes of a {@link MongoJobStore}: add, replace, conditional update, update, remove. In
 * cluster mode each write to a stored job is conditional on no other node's due pass holding the
 * job ({@link MongoClaims}) and waits for that, as a row lock would make it.
 *
 * <p>Thread-safe.
 *
 * @param jobs the job collection
 * @param docs the store's documents
 * @param claims the claims of cluster mode, or {@code null} outside it
 * @param description the store, for messages
 * @param timeout how long a write waits for a claim to end, for messages
 * @param failure turns a driver failure into the store's, naming what could not be done
 */
record MongoWrites(
    MongoCollection<Document> jobs,
    JobDocuments docs,
    MongoClaims claims,
    String description,
    Duration timeout,
    BiFunction<String, RuntimeException, JobStoreException> failure) {

  private Document row(Job job) {
    return JobRows.toRow(job, docs.write(job));
  }

  /** Adds a job whose id must be free. */
  void add(Job job) {
    Document doc = row(job);
    try {
      jobs.insertOne(doc);
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        throw new ConflictingIdException(job.id());
      }
      throw failure.apply("add job '" + job.id() + "'", e);
    } catch (MongoException e) {
      throw failure.apply("add job '" + job.id() + "'", e);
    }
  }

  /** Adds jobs whose ids must be free, all or none ({@link MongoJobStore#addJobs}). */
  void addAll(List<Job> added) {
    Set<String> ids = new HashSet<>();
    List<Document> rows = new ArrayList<>(added.size());
    for (Job job : added) {
      if (!ids.add(job.id())) {
        throw new ConflictingIdException(job.id());
      }
      rows.add(row(job));
    }
    if (rows.isEmpty()) {
      return;
    }
    try {
      BatchInsert.insertAll(jobs, rows);
    } catch (MongoException | BSONException e) {
      throw failure.apply("add jobs", e);
    }
  }

  /** One {@code replaceOne} with upsert: the stored job, readable or not, is replaced. */
  void replace(Job job) {
    Document doc = row(job);
    try {
      if (written(job.id(), Filters.eq("_id", job.id()), filter -> upsert(filter, doc)) == 0) {
        throw new JobStoreException(
            description + ": could not replace job '" + job.id() + "': it changed meanwhile");
      }
    } catch (MongoException e) {
      throw failure.apply("replace job '" + job.id() + "'", e);
    }
    docs.forget(job.id());
  }

  /** Replaces or inserts the document of {@code filter}; 0 if it is there but does not match. */
  private long upsert(Bson filter, Document doc) {
    ReplaceOptions upsert = new ReplaceOptions().upsert(true);
    try {
      jobs.replaceOne(filter, doc, upsert);
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      // two upserts of a new id raced and the other inserted it (replace that one), or the
      // document does not match the filter
      try {
        jobs.replaceOne(filter, doc, upsert);
      } catch (MongoWriteException again) {
        if (again.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
          throw again;
        }
        return 0;
      }
    }
    return 1;
  }

  /**
   * One conditional {@code replaceOne} whose filter holds the expected next run time, runs and
   * paused flag. For a document stored before runs and paused were fields, the stored job is read
   * and compared, and the replacement is conditional on the stored document being the one read.
   */
  boolean updateIfUnchanged(Job expected, Job updated) {
    Document doc = row(updated);
    boolean written;
    try {
      written =
          written(
                      expected.id(),
                      JobRows.withScheduleOf(expected),
                      filter -> jobs.replaceOne(filter, doc).getMatchedCount())
                  == 1
              || replaceOlderRow(expected, doc);
    } catch (MongoException e) {
      throw failure.apply("update job '" + expected.id() + "'", e);
    }
    if (written) {
      docs.forget(expected.id());
    }
    return written;
  }

  private boolean replaceOlderRow(Job expected, Document doc) {
    Document stored = jobs.find(JobRows.olderRow(expected.id())).first();
    if (stored == null) {
      return false;
    }
    Optional<Job> current = JobRows.read(docs, stored);
    return current.isPresent()
        && JobStore.sameSchedule(current.get(), expected)
        && jobs.replaceOne(JobRows.sameOlderRow(stored), doc).getMatchedCount() == 1;
  }

  /** Replaces the stored job, which must be there. */
  void update(Job job) {
    Document doc = row(job);
    long matched;
    try {
      matched =
          written(
              job.id(),
              Filters.eq("_id", job.id()),
              filter -> jobs.replaceOne(filter, doc).getMatchedCount());
    } catch (MongoException e) {
      throw failure.apply("update job '" + job.id() + "'", e);
    }
    if (matched == 0) {
      throw new JobNotFoundException(job.id());
    }
    docs.forget(job.id());
  }

  /** Removes the stored job, which must be there. */
  void remove(String jobId) {
    long deleted;
    try {
      deleted =
          written(
              jobId, Filters.eq("_id", jobId), filter -> jobs.deleteOne(filter).getDeletedCount());
    } catch (MongoException e) {
      throw failure.apply("remove job '" + jobId + "'", e);
    }
    if (deleted == 0) {
      throw new JobNotFoundException(jobId);
    }
    docs.forget(jobId);
  }

  /**
   * Runs a write of job {@code id} on {@code filter}; in cluster mode once no other node's due pass
   * holds the job ({@link MongoClaims}). Returns how many documents it matched.
   *
   * @throws JobStoreException if a due pass holds the job for longer than the timeout
   */
  private long written(String id, Bson filter, ToLongFunction<Bson> write) {
    long matched = claims == null ? write.applyAsLong(filter) : claims.write(id, filter, write);
    if (matched < 0) {
      throw new JobStoreException(
          description
              + ": could not write job '"
              + id
              + "': a due pass of another cluster node held it for longer than "
              + timeout);
    }
    return matched;
  }
}
