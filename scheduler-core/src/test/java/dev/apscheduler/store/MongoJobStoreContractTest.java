package dev.apscheduler.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.apscheduler.store.mongodb.MongoJobStore;
import java.time.Instant;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs against an in-process MongoDB wire-protocol server. */
class MongoJobStoreContractTest extends JobStoreContractTest {

  private static final String COLLECTION = "jobs_" + UUID.randomUUID().toString().replace("-", "");
  private static MongoServer server;
  private static String url;

  @BeforeAll
  static void startServer() {
    server = new MongoServer(new MemoryBackend());
    url = server.bindAndGetConnectionString();
  }

  @AfterAll
  static void stopServer() {
    server.shutdownNow();
  }

  @Override
  protected JobStore newStore() {
    return MongoJobStore.builder(url, "test").collection(COLLECTION).build();
  }

  @Override
  protected boolean persistent() {
    return true;
  }

  @Override
  protected void writeRawDocument(String id, Instant nextRunTime, String json) {
    try (MongoClient client = MongoClients.create(url)) {
      client
          .getDatabase("test")
          .getCollection(COLLECTION)
          .insertOne(
              new Document("_id", id)
                  .append("name", id)
                  .append("next_run_time", JobCodec.toEpochMicros(nextRunTime))
                  .append("format_version", 2)
                  .append("document", json));
    }
  }
}
