package dev.apscheduler.store.mongodb;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.apscheduler.ConflictingIdException;
import java.util.List;
import org.bson.Document;

/**
 * Inserts a list of job documents all or none without a multi-document transaction (a standalone
 * server has none): the ids are checked first, then one ordered {@code insertMany} writes them, and
 * if it fails part-way the documents it inserted are deleted again. Readers may see part of the
 * list while it is written; a job another writer added meanwhile under one of the ids, while the
 * insert failed for another reason, would be deleted too. Stateless and thread-safe.
 */
final class BatchInsert {

  /** The most ids in one query or delete filter. */
  private static final int MAX_IDS_PER_FILTER = 10_000;

  private BatchInsert() {}

  /**
   * Inserts {@code rows}, whose {@code _id}s are distinct.
   *
   * @throws ConflictingIdException if an id is taken, before or while inserting; nothing is left
   *     inserted
   * @throws RuntimeException the driver's failure, after the inserted rows were deleted again (a
   *     failure to delete them is added as suppressed)
   */
  static void insertAll(MongoCollection<Document> collection, List<Document> rows) {
    List<Object> ids = rows.stream().map(row -> row.get("_id")).toList();
    for (int from = 0; from < ids.size(); from += MAX_IDS_PER_FILTER) {
      Document taken =
          collection
              .find(Filters.in("_id", ids.subList(from, end(ids, from))))
              .projection(Projections.include("_id"))
              .first();
      if (taken != null) {
        throw new ConflictingIdException(taken.getString("_id"));
      }
    }
    try {
      collection.insertMany(rows);
    } catch (MongoBulkWriteException e) {
      // ordered: the rows before the first error are inserted, none after it
      List<BulkWriteError> errors = e.getWriteErrors();
      int failedAt = errors.isEmpty() ? rows.size() : errors.get(0).getIndex();
      deleteAgain(collection, ids.subList(0, failedAt), e);
      if (!errors.isEmpty() && errors.get(0).getCategory() == ErrorCategory.DUPLICATE_KEY) {
        ConflictingIdException conflict = new ConflictingIdException((String) ids.get(failedAt));
        conflict.addSuppressed(e);
        throw conflict;
      }
      throw e;
    } catch (RuntimeException e) {
      // which rows were inserted is unknown: every id was free before, so delete them all
      deleteAgain(collection, ids, e);
      throw e;
    }
  }

  private static void deleteAgain(
      MongoCollection<Document> collection, List<Object> ids, RuntimeException failure) {
    try {
      for (int from = 0; from < ids.size(); from += MAX_IDS_PER_FILTER) {
        collection.deleteMany(Filters.in("_id", ids.subList(from, end(ids, from))));
      }
    } catch (RuntimeException suppressed) {
      failure.addSuppressed(suppressed);
    }
  }

  private static int end(List<?> list, int from) {
    return Math.min(list.size(), from + MAX_IDS_PER_FILTER);
  }
}
