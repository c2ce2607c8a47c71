package dev.apscheduler.benchmarks;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Builds Quartz schedulers configured as Quartz's configuration guide recommends for throughput: a
 * fixed pool of worker threads, triggers acquired in batches as large as the pool, and (for JDBC) a
 * connection pool of the thread count plus three, triggers acquired within the lock, clustered.
 */
final class QuartzSetup {

  private static final AtomicInteger SCHEDULERS = new AtomicInteger();

  private QuartzSetup() {}

  /** A RAMJobStore scheduler with {@code threads} workers, not started. */
  static Scheduler ram(int threads) throws SchedulerException {
    Properties props = common("bench-ram-" + SCHEDULERS.incrementAndGet(), threads);
    props.setProperty("org.quartz.jobStore.class", BenchRamJobStore.class.getName());
    return create(props);
  }

  /**
   * A clustered JobStoreTX node on PostgreSQL, not started. Nodes of one cluster share {@code
   * cluster} and differ in {@code node}.
   */
  static Scheduler clustered(String cluster, int node, int threads, String jdbcUrl)
      throws SchedulerException {
    Properties props = common(cluster, threads);
    String dataSource = "ds-" + cluster + "-" + node;
    props.setProperty("org.quartz.scheduler.instanceId", "node-" + node);
    props.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    props.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    props.setProperty("org.quartz.jobStore.dataSource", dataSource);
    props.setProperty("org.quartz.jobStore.isClustered", "true");
    props.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
    props.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    String prefix = "org.quartz.dataSource." + dataSource + ".";
    props.setProperty(prefix + "provider", "hikaricp");
    props.setProperty(prefix + "driver", "org.postgresql.Driver");
    props.setProperty(prefix + "URL", jdbcUrl);
    props.setProperty(prefix + "user", "postgres");
    props.setProperty(prefix + "password", "");
    props.setProperty(prefix + "maxConnections", String.valueOf(threads + 3));
    return create(props);
  }

  private static Properties common(String name, int threads) {
    Properties props = new Properties();
    props.setProperty("org.quartz.scheduler.instanceName", name);
    props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    props.setProperty(
        "org.quartz.scheduler.batchTriggerAcquisitionMaxCount", String.valueOf(threads));
    props.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    props.setProperty("org.quartz.threadPool.threadCount", String.valueOf(threads));
    props.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
    return props;
  }

  private static Scheduler create(Properties props) throws SchedulerException {
    Scheduler scheduler = new StdSchedulerFactory(props).getScheduler();
    // Quartz keeps one scheduler per name in a JVM-wide registry; cluster nodes share a name, and
    // this harness runs them in one JVM, so each node leaves the registry once built.
    SchedulerRepository.getInstance().remove(scheduler.getSchedulerName());
    return scheduler;
  }
}
