package dev.apscheduler.store;

import dev.apscheduler.store.redis.RedisJobStore;

/**
 * The store contract on a Redis store in cluster mode, whose due passes claim and commit (and whose
 * readers see claimed jobs at their real next run times).
 */
class RedisClusterJobStoreContractTest extends RedisJobStoreContractTest {

  @Override
  protected RedisJobStore.Builder builder() {
    return super.builder().cluster("contract-node");
  }
}
