package dev.apscheduler.store;

/** The cluster chaos test on a clustered Redis store (the runs recorded in PostgreSQL). */
class RedisClusterChaosTest extends PostgresClusterChaosTest {

  @Override
  protected String redisUrl() {
    return TestServices.redisUrl();
  }
}
