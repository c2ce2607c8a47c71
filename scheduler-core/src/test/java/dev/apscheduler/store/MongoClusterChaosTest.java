package dev.apscheduler.store;

/**
 * The cluster chaos test on a clustered MongoDB store: the in-process wire-protocol server of this
 * JVM holds the jobs and the node processes connect to it (the runs recorded in PostgreSQL).
 */
class MongoClusterChaosTest extends PostgresClusterChaosTest {

  @Override
  protected String mongoUrl() {
    return TestServices.mongoUrl();
  }
}
