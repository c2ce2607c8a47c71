package dev.apscheduler.store;

class MemoryJobStoreContractTest extends JobStoreContractTest {

  @Override
  protected JobStore newStore() {
    return new MemoryJobStore();
  }

  @Override
  protected boolean persistent() {
    return false;
  }
}
