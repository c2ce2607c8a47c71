package dev.apscheduler.store;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The cluster chaos test on a clustered MongoDB store: the in-process wire-protocol server of this
 * JVM holds the jobs and the node processes connect to it (the runs recorded in PostgreSQL).
 */
class MongoClusterChaosTest extends PostgresClusterChaosTest {

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
  protected String mongoUrl() {
    return url;
  }
}
