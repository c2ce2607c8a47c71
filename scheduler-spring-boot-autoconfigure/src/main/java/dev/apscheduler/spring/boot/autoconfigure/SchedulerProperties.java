package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.SchedulerOptions;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import java.time.Duration;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.convert.DurationUnit;

/**
 * The scheduler's configuration under {@code apscheduler}: the options of the original user guide,
 * with the same defaults (taken from {@link SchedulerOptions}). The guide's underscore spelling
 * ({@code apscheduler.misfire_grace_time}) binds as well as the kebab case. Durations given as a
 * bare number are seconds, as in the guide.
 *
 * <p>Not thread-safe: bound once at start-up, then only read.
 */
@ConfigurationProperties("apscheduler")
public class SchedulerProperties {

  /** Whether to auto-configure the scheduler. */
  private boolean enabled = true;

  /**
   * Whether the scheduler starts with the application context; when false, the Scheduler bean is
   * there (jobs can be added) and the application starts it.
   */
  private boolean autoStartup = true;

  /**
   * How long after the application context has started the scheduler starts, on a thread of its own
   * (the context does not wait; a bare number is seconds); none by default.
   */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration startupDelay = Duration.ZERO;

  /**
   * How late a run may start before it is a misfire (a bare number is seconds); jobs may override
   * it.
   */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration misfireGraceTime = SchedulerOptions.DEFAULT_MISFIRE_GRACE_TIME;

  /** Whether a backlog of due runs of a job runs only once; jobs may override it. */
  private boolean coalesce = SchedulerOptions.DEFAULT_COALESCE;

  /**
   * Whether the scheduler runs its loop on the thread that starts it, until no job is left; refused
   * under Spring Boot, where it would hold the context's start-up thread.
   */
  private boolean standalone = SchedulerOptions.DEFAULT_STANDALONE;

  /** Whether the scheduler thread is a daemon thread. */
  private boolean daemonic = SchedulerOptions.DEFAULT_DAEMONIC;

  /** Time zone fire times are computed in and date strings are read in; the system's if unset. */
  private ZoneId timezone;

  /**
   * Packages (with their sub-packages) whose classes and static methods jobs read from a persistent
   * store may run; bean methods (beanName::method), registered task names and the references the
   * application gives in code need none. Defaults to the application's base package (that of
   * its @SpringBootApplication class); an empty value allows none.
   */
  private List<String> allowedTaskPackages;

  /** The thread pool that runs jobs. */
  private final Threadpool threadpool = new Threadpool();

  /**
   * Job stores by alias, each with a type (memory, jdbc, file, redis, mongodb) or a class, and the
   * store's options (data-source, table-name, schema, initialize-schema, path, url, database,
   * collection, key-prefix); without a "default" store, a memory store is used as "default".
   */
  private final Map<String, JobStoreProperties> jobstores = new LinkedHashMap<>();

  /**
   * Cluster mode of the jdbc, redis and mongodb job stores: several application instances share
   * their tables, keys or collections.
   */
  private final Cluster cluster = new Cluster();

  /** The run history each job store keeps, and its retention. */
  @NestedConfigurationProperty
  private final RunHistoryProperties history = new RunHistoryProperties();

  /** The default retry of jobs that set none: how a failed run is tried again. */
  @NestedConfigurationProperty private final RetryProperties retry = new RetryProperties();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isAutoStartup() {
    return autoStartup;
  }

  public void setAutoStartup(boolean autoStartup) {
    this.autoStartup = autoStartup;
  }

  public Duration getStartupDelay() {
    return startupDelay;
  }

  public void setStartupDelay(Duration startupDelay) {
    this.startupDelay = startupDelay;
  }

  public Duration getMisfireGraceTime() {
    return misfireGraceTime;
  }

  public void setMisfireGraceTime(Duration misfireGraceTime) {
    this.misfireGraceTime = misfireGraceTime;
  }

  public boolean isCoalesce() {
    return coalesce;
  }

  public void setCoalesce(boolean coalesce) {
    this.coalesce = coalesce;
  }

  public boolean isStandalone() {
    return standalone;
  }

  public void setStandalone(boolean standalone) {
    this.standalone = standalone;
  }

  public boolean isDaemonic() {
    return daemonic;
  }

  public void setDaemonic(boolean daemonic) {
    this.daemonic = daemonic;
  }

  public ZoneId getTimezone() {
    return timezone;
  }

  public void setTimezone(ZoneId timezone) {
    this.timezone = timezone;
  }

  public List<String> getAllowedTaskPackages() {
    return allowedTaskPackages;
  }

  public void setAllowedTaskPackages(List<String> allowedTaskPackages) {
    this.allowedTaskPackages = allowedTaskPackages;
  }

  public Threadpool getThreadpool() {
    return threadpool;
  }

  public Map<String, JobStoreProperties> getJobstores() {
    return jobstores;
  }

  public Cluster getCluster() {
    return cluster;
  }

  public RunHistoryProperties getHistory() {
    return history;
  }

  public RetryProperties getRetry() {
    return retry;
  }

  /**
   * Cluster mode: every jdbc, redis and mongodb job store is shared by the application's instances,
   * and each due run fires on one of them only.
   */
  public static class Cluster {

    /** Whether the jdbc, redis and mongodb job stores run in cluster mode. */
    private boolean enabled;

    /** This instance's node id; the host name with a random suffix when not set. */
    private String nodeId;

    /** How often this node writes its heartbeat. */
    private Duration heartbeatInterval = JdbcJobStore.DEFAULT_HEARTBEAT_INTERVAL;

    /** After how many missed heartbeats another node counts as dead. */
    private int missedHeartbeats = JdbcJobStore.DEFAULT_MISSED_HEARTBEATS;

    /** How often this node looks for jobs added by other nodes. */
    private Duration pollInterval = JdbcJobStore.DEFAULT_POLL_INTERVAL;

    /** How far this node's clock may be off the database's before it warns (health shows it). */
    private Duration maxClockSkew = JdbcJobStore.DEFAULT_MAX_CLOCK_SKEW;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getNodeId() {
      return nodeId;
    }

    public void setNodeId(String nodeId) {
      this.nodeId = nodeId;
    }

    public Duration getHeartbeatInterval() {
      return heartbeatInterval;
    }

    public void setHeartbeatInterval(Duration heartbeatInterval) {
      this.heartbeatInterval = heartbeatInterval;
    }

    public int getMissedHeartbeats() {
      return missedHeartbeats;
    }

    public void setMissedHeartbeats(int missedHeartbeats) {
      this.missedHeartbeats = missedHeartbeats;
    }

    public Duration getPollInterval() {
      return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
    }

    public Duration getMaxClockSkew() {
      return maxClockSkew;
    }

    public void setMaxClockSkew(Duration maxClockSkew) {
      this.maxClockSkew = maxClockSkew;
    }
  }

  /** The built-in thread pool: grows from the core to the maximum threads before it queues. */
  public static class Threadpool {

    /** Threads kept alive when idle. */
    private int coreThreads = SchedulerOptions.DEFAULT_CORE_THREADS;

    /** Most threads running jobs at once. */
    private int maxThreads = SchedulerOptions.DEFAULT_MAX_THREADS;

    /** How long an idle thread above the core threads lives (a bare number is seconds). */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration keepalive = SchedulerOptions.DEFAULT_KEEP_ALIVE;

    public int getCoreThreads() {
      return coreThreads;
    }

    public void setCoreThreads(int coreThreads) {
      this.coreThreads = coreThreads;
    }

    public int getMaxThreads() {
      return maxThreads;
    }

    public void setMaxThreads(int maxThreads) {
      this.maxThreads = maxThreads;
    }

    public Duration getKeepalive() {
      return keepalive;
    }

    public void setKeepalive(Duration keepalive) {
      this.keepalive = keepalive;
    }
  }
}
