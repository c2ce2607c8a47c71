package dev.apscheduler.store.mongodb;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.internal.ExclusiveLease;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * A started {@link MongoJobStore}'s hold on MongoDB: its own client, the job collection (with its
 * next-run-time index), the run history collection, and, outside cluster mode, the store's {@link
 * ExclusiveLease} ({@link MongoLease}), so that one scheduler at a time uses the store.
 *
 * <p>Thread-safe.
 */
final class MongoSession {

  private static final System.Logger LOG = System.getLogger(MongoSession.class.getName());

  private final MongoClient client;
  private final boolean ownsClient;
  private final MongoCollection<Document> collection;
  private final MongoCollection<Document> runs;
  private final ExclusiveLease lease;
  private final MongoDatabase database;
  private final String description;

  private MongoSession(
      MongoClient client,
      boolean ownsClient,
      MongoCollection<Document> collection,
      MongoCollection<Document> runs,
      ExclusiveLease lease,
      MongoDatabase database,
      String description) {
    this.client = client;
    this.database = database;
    this.ownsClient = ownsClient;
    this.collection = collection;
    this.runs = runs;
    this.lease = lease;
    this.description = description;
  }

  /**
   * Connects (or uses the application's client), makes sure of the indexes and takes the store's
   * lease (none in cluster mode).
   *
   * @param givenClient the application's client, never closed here; {@code null} to create one from
   *     {@code connectionString}
   * @param leaseTtl the time to live of the store's exclusive lease; {@code null} for none (cluster
   *     mode)
   * @throws IllegalArgumentException if {@code connectionString} is not a MongoDB connection string
   * @throws JobStoreException if MongoDB cannot be reached, or another scheduler uses the store
   *     (or, outside cluster mode, a live cluster node)
   */
  static MongoSession open(
      MongoClient givenClient,
      String connectionString,
      String database,
      String collectionName,
      Duration timeout,
      Duration leaseTtl,
      String description) {
    boolean owns = givenClient == null;
    MongoClient client = owns ? newClient(connectionString, timeout) : givenClient;
    MongoSession session;
    try {
      MongoCollection<Document> jobs = client.getDatabase(database).getCollection(collectionName);
      jobs.createIndex(Indexes.ascending(JobRows.NEXT_RUN_TIME));
      MongoCollection<Document> runs =
          client.getDatabase(database).getCollection(collectionName + "_runs");
      runs.createIndex(
          Indexes.compoundIndex(
              Indexes.ascending(MongoRunHistory.JOB_ID),
              Indexes.descending(MongoRunHistory.ENDED)));
      runs.createIndex(Indexes.ascending(MongoRunHistory.ENDED));
      ExclusiveLease lease =
          leaseTtl == null
              ? null
              : new ExclusiveLease(
                  new MongoLease(
                      client.getDatabase(database).getCollection(collectionName + "_owner")),
                  leaseTtl,
                  description);
      session =
          new MongoSession(
              client, owns, jobs, runs, lease, client.getDatabase(database), description);
    } catch (MongoException e) {
      if (owns) {
        client.close();
      }
      throw new JobStoreException(description + ": could not start: " + e.getMessage(), e);
    }
    try {
      if (session.lease != null) {
        session.lease.acquire();
        MongoCluster.refuseIfNodesLive(session, description);
      }
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    return session;
  }

  private static MongoClient newClient(String connectionString, Duration timeout) {
    try {
      ConnectionString parsed = new ConnectionString(connectionString);
      MongoClientSettings.Builder settings =
          MongoClientSettings.builder().applyConnectionString(parsed);
      if (parsed.getServerSelectionTimeout() == null) {
        settings.applyToClusterSettings(
            cluster -> cluster.serverSelectionTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS));
      }
      return MongoClients.create(settings.build());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "url: '"
              + connectionString
              + "' is not a MongoDB connection string such as mongodb://127.0.0.1:27017",
          e);
    }
  }

  /** The job collection. */
  MongoCollection<Document> collection() {
    return collection;
  }

  /** The run history collection, {@code <collection>_runs}. */
  MongoCollection<Document> runs() {
    return runs;
  }

  /** The collection {@code <collection><suffix>} beside the job collection. */
  MongoCollection<Document> beside(String suffix) {
    return database.getCollection(collection.getNamespace().getCollectionName() + suffix);
  }

  /**
   * Checks that no other scheduler took the store over.
   *
   * @throws JobStoreException if one did
   */
  void checkLease() {
    if (lease != null) {
      lease.check();
    }
  }

  /** Gives the lease up and closes the client unless it is the application's. */
  void close() {
    if (lease != null) {
      lease.release();
    }
    if (!ownsClient) {
      return;
    }
    try {
      client.close();
    } catch (MongoException e) {
      LOG.log(Level.WARNING, description + ": closing the client failed", e);
    }
  }
}
