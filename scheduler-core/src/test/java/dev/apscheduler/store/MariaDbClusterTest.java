package dev.apscheduler.store;

import com.zaxxer.hikari.HikariConfig;

/** The cluster scenarios on MariaDB. */
class MariaDbClusterTest extends ClusterTest {

  @Override
  protected HikariConfig poolConfig(String applicationName) {
    TestServices.mariadb();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestServices.mariadbUrl());
    config.setUsername(TestServices.mariadbUser());
    config.setPassword(TestServices.mariadbPassword());
    config.setMaximumPoolSize(8);
    config.setConnectionTimeout(5_000);
    return config;
  }
}
