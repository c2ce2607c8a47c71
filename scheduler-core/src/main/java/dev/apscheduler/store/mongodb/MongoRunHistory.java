package dev.apscheduler.store.mongodb;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.history.RunHistoryQuery;
import dev.apscheduler.history.RunHistoryStore;
import dev.apscheduler.history.RunOutcome;
import dev.apscheduler.history.RunRecord;
import dev.apscheduler.history.RunRetention;
import dev.apscheduler.store.JobCodec;
import dev.apscheduler.store.RunRecordFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The run history of a {@link MongoJobStore}: the collection {@code <collection>_runs}, one
 * document per ended run ({@link RunRecordFields}), indexed by job and end and by end. A batch is
 * one {@code insertMany}; the purge deletes a bounded number of documents older than the
 * retention's age and trims jobs with more documents than its count.
 *
 * <p>Thread-safe.
 */
final class MongoRunHistory implements RunHistoryStore {

  static final String JOB_ID = "job_id";
  static final String ENDED = "ended";
  private static final String FIRE_TIME = "fire_time";
  private static final int TRIMMED_JOBS_PER_PURGE = 100;

  private final Supplier<MongoCollection<Document>> runs;

  MongoRunHistory(Supplier<MongoCollection<Document>> runs) {
    this.runs = runs;
  }

  @Override
  public void record(List<RunRecord> records, RunRetention retention) {
    if (records.isEmpty()) {
      return;
    }
    List<Document> docs = new ArrayList<>(records.size());
    for (RunRecord r : records) {
      docs.add(new Document(RunRecordFields.toMap(r)));
    }
    try {
      runs.get().insertMany(docs);
    } catch (MongoException e) {
      throw failure("record runs", e);
    }
  }

  @Override
  public List<RunRecord> find(RunHistoryQuery query) {
    List<Bson> filters = new ArrayList<>();
    filters.add(Filters.eq(JOB_ID, query.jobId()));
    if (!query.outcomes().isEmpty()) {
      filters.add(Filters.in("outcome", query.outcomes().stream().map(RunOutcome::name).toList()));
    }
    if (query.from() != null) {
      filters.add(Filters.gte(ENDED, JobCodec.toEpochMicros(query.from())));
    }
    if (query.to() != null) {
      filters.add(Filters.lt(ENDED, JobCodec.toEpochMicros(query.to())));
    }
    List<RunRecord> found = new ArrayList<>();
    try {
      for (Document doc :
          runs.get()
              .find(Filters.and(filters))
              .sort(Sorts.descending(ENDED, FIRE_TIME))
              .limit(query.limit())) {
        found.add(RunRecordFields.fromMap(doc));
      }
    } catch (MongoException e) {
      throw failure("read runs", e);
    }
    return found;
  }

  @Override
  public int purge(RunRetention retention, Instant now, int limit) {
    long cutoff = JobCodec.toEpochMicros(now.minus(retention.maxAge()));
    try {
      List<Object> old = new ArrayList<>();
      for (Document doc :
          runs.get()
              .find(Filters.lt(ENDED, cutoff))
              .projection(Projections.include("_id"))
              .limit(limit)) {
        old.add(doc.get("_id"));
      }
      int deleted =
          old.isEmpty() ? 0 : (int) runs.get().deleteMany(Filters.in("_id", old)).getDeletedCount();
      return deleted + trim(retention.maxRunsPerJob(), limit);
    } catch (MongoException e) {
      throw failure("purge runs", e);
    }
  }

  /** Deletes the oldest documents of jobs that have more than {@code keep}. */
  private int trim(int keep, int limit) {
    List<String> jobs = new ArrayList<>();
    for (Document group :
        runs.get()
            .aggregate(
                List.of(
                    Aggregates.group("$" + JOB_ID, Accumulators.sum("count", 1)),
                    Aggregates.match(Filters.gt("count", keep)),
                    Aggregates.limit(Math.min(limit, TRIMMED_JOBS_PER_PURGE))))) {
      jobs.add(group.getString("_id"));
    }
    int deleted = 0;
    for (String jobId : jobs) {
      Document oldestKept =
          runs.get()
              .find(Filters.eq(JOB_ID, jobId))
              .sort(Sorts.descending(ENDED, FIRE_TIME))
              .skip(keep - 1)
              .first();
      if (oldestKept == null) {
        continue;
      }
      long ended = ((Number) oldestKept.get(ENDED)).longValue();
      long fireTime = ((Number) oldestKept.get(FIRE_TIME)).longValue();
      deleted +=
          (int)
              runs.get()
                  .deleteMany(
                      Filters.and(
                          Filters.eq(JOB_ID, jobId),
                          Filters.or(
                              Filters.lt(ENDED, ended),
                              Filters.and(
                                  Filters.eq(ENDED, ended), Filters.lt(FIRE_TIME, fireTime)))))
                  .getDeletedCount();
    }
    return deleted;
  }

  private static JobStoreException failure(String what, MongoException e) {
    return new JobStoreException("MongoDB run history: could not " + what + ": " + e, e);
  }
}
