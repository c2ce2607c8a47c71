package dev.apscheduler.store;

/** The cluster chaos test on MariaDB. */
class MariaDbClusterChaosTest extends ClusterChaosTest {

  @Override
  protected Database database() {
    TestServices.mariadb();
    return new Database(
        TestServices.mariadbUrl(), TestServices.mariadbUser(), TestServices.mariadbPassword());
  }
}
