package dev.apscheduler.store.mongodb;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.apscheduler.internal.ExclusiveLease;
import java.time.Duration;
import org.bson.Document;

/**
 * The lease of a {@link MongoJobStore}: one document {@code {_id: "owner", holder, expires}} in the
 * collection {@code <collection>_owner}, taken with a conditional upsert (a held lease makes the
 * upsert collide with the existing {@code _id}). Expiry times are this scheduler's wall clock.
 *
 * <p>Thread-safe.
 */
final class MongoLease implements ExclusiveLease.Record {

  private static final String ID = "owner";

  private final MongoCollection<Document> leases;

  MongoLease(MongoCollection<Document> leases) {
    this.leases = leases;
  }

  @Override
  public String tryTake(String holder, Duration ttl) {
    long now = System.currentTimeMillis();
    try {
      leases.updateOne(
          Filters.and(
              Filters.eq("_id", ID),
              Filters.or(Filters.eq("holder", holder), Filters.lt("expires", now))),
          Updates.combine(
              Updates.set("holder", holder), Updates.set("expires", now + ttl.toMillis())),
          new UpdateOptions().upsert(true));
      return null;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      Document current = leases.find(Filters.eq("_id", ID)).first();
      return current == null ? "a scheduler that just left" : current.getString("holder");
    }
  }

  /** Who holds the lease of {@code leases} now (by this scheduler's clock), or {@code null}. */
  static String liveHolder(MongoCollection<Document> leases) {
    Document current = leases.find(Filters.eq("_id", ID)).first();
    return current != null && current.getLong("expires") > System.currentTimeMillis()
        ? current.getString("holder")
        : null;
  }

  @Override
  public void release(String holder) {
    leases.deleteOne(Filters.and(Filters.eq("_id", ID), Filters.eq("holder", holder)));
  }
}
