package dev.apscheduler.store;

/** The cluster chaos test on PostgreSQL. */
class PostgresClusterChaosTest extends ClusterChaosTest {

  @Override
  protected Database database() {
    TestServices.postgres("apscheduler-chaos-test");
    return new Database(
        TestServices.postgresUrl(), TestServices.postgresUser(), TestServices.postgresPassword());
  }
}
