package dev.apscheduler;

import dev.apscheduler.executor.JobExecutor;
import dev.apscheduler.executor.ThreadPoolJobExecutor;
import dev.apscheduler.history.RunRetention;
import dev.apscheduler.internal.ConfigValues;
import dev.apscheduler.internal.RetryOptions;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.JobStores;
import dev.apscheduler.store.JsonCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;

/**
 * Configures and builds a {@link Scheduler}. Options not set keep the defaults of {@link
 * SchedulerOptions}.
 *
 * <p>Not thread-safe: configure a builder on one thread.
 */
public final class SchedulerBuilder {

  /** The keys {@link #properties} accepts, after the {@code apscheduler.} prefix. */
  static final List<String> PROPERTY_KEYS =
      List.of(
          "misfire_grace_time",
          "coalesce",
          "standalone",
          "daemonic",
          "timezone",
          "threadpool.core_threads",
          "threadpool.max_threads",
          "threadpool.keepalive",
          "allowed_task_packages",
          "retry.max_attempts",
          "retry.initial_delay",
          "retry.multiplier",
          "retry.max_delay",
          "retry.jitter",
          "jobstores.<alias>.type",
          "jobstores.<alias>.class",
          "jobstores.<alias>.<option>");

  private static final String PREFIX = "apscheduler.";

  private Duration misfireGraceTime = SchedulerOptions.DEFAULT_MISFIRE_GRACE_TIME;
  private boolean coalesce = SchedulerOptions.DEFAULT_COALESCE;
  private boolean standalone = SchedulerOptions.DEFAULT_STANDALONE;
  private boolean daemonic = SchedulerOptions.DEFAULT_DAEMONIC;
  private ZoneId timezone = ZoneId.systemDefault();
  private int coreThreads = SchedulerOptions.DEFAULT_CORE_THREADS;
  private int maxThreads = SchedulerOptions.DEFAULT_MAX_THREADS;
  private Duration keepAlive = SchedulerOptions.DEFAULT_KEEP_ALIVE;
  private RetryPolicy defaultRetry = RetryPolicy.NONE;
  private JobExecutor executor;
  private Clock clock = Clock.systemDefaultZone();
  private boolean runLoop = true;
  private JsonCodec jsonCodec;
  private boolean runHistory = true;
  private RunRetention runRetention = RunRetention.defaults();
  private final Map<String, JobStore> jobStores = new LinkedHashMap<>();
  private final TaskRegistry tasks = new TaskRegistry();
  private final List<JobRunInterceptor> runInterceptors = new ArrayList<>();

  SchedulerBuilder() {}

  /** How late a run may start before it is a misfire (default 1 s); jobs may override it. */
  public SchedulerBuilder misfireGraceTime(Duration misfireGraceTime) {
    this.misfireGraceTime = Objects.requireNonNull(misfireGraceTime, "misfireGraceTime");
    return this;
  }

  /**
   * The retry policy of jobs added without one (default {@link RetryPolicy#NONE}); a job's own
   * {@link JobSpec.Builder#retry} wins. Jobs keep the policy they were added with.
   */
  public SchedulerBuilder defaultRetry(RetryPolicy defaultRetry) {
    this.defaultRetry = Objects.requireNonNull(defaultRetry, "defaultRetry");
    return this;
  }

  /** Whether a backlog of due runs of a job runs once (default false); jobs may override it. */
  public SchedulerBuilder coalesce(boolean coalesce) {
    this.coalesce = coalesce;
    return this;
  }

  /** Whether the scheduler thread is a daemon thread (default true). */
  public SchedulerBuilder daemonic(boolean daemonic) {
    this.daemonic = daemonic;
    return this;
  }

  /**
   * Whether {@code start()} runs the loop in the calling thread and returns when no job is left
   * (default false: {@code start()} spawns the scheduler thread and returns).
   */
  public SchedulerBuilder standalone(boolean standalone) {
    this.standalone = standalone;
    return this;
  }

  /** Runs jobs on a built-in pool that grows from {@code coreThreads} to {@code maxThreads}. */
  public SchedulerBuilder threadPool(int coreThreads, int maxThreads, Duration keepAlive) {
    this.coreThreads = coreThreads;
    this.maxThreads = maxThreads;
    this.keepAlive = Objects.requireNonNull(keepAlive, "keepAlive");
    this.executor = null;
    return this;
  }

  /**
   * Runs each job run on a virtual thread (Java 21 or newer).
   *
   * @throws IllegalStateException on an older Java runtime
   */
  public SchedulerBuilder virtualThreads() {
    this.executor = ThreadPoolJobExecutor.virtualThreads();
    return this;
  }

  /** Runs jobs on the application's executor, which the scheduler never shuts down. */
  public SchedulerBuilder executor(ExecutorService executorService) {
    this.executor = ThreadPoolJobExecutor.wrap(executorService);
    return this;
  }

  /** Runs jobs on a custom {@link JobExecutor} (for example a synchronous one in tests). */
  public SchedulerBuilder executor(JobExecutor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /**
   * Adds a job store under {@code alias}; without a {@code "default"} one a memory store is made.
   */
  public SchedulerBuilder jobStore(String alias, JobStore store) {
    Objects.requireNonNull(store, "store");
    if (alias == null || alias.isBlank()) {
      throw new IllegalArgumentException("job store alias: must not be blank");
    }
    if (jobStores.putIfAbsent(alias, store) != null) {
      throw new IllegalArgumentException("job store alias: '" + alias + "' is already taken");
    }
    return this;
  }

  /**
   * The JSON codec the persistent stores write job documents with (default a plain Jackson 3
   * mapper); the Spring module passes one on the application's {@code JsonMapper}.
   */
  public SchedulerBuilder jsonCodec(JsonCodec jsonCodec) {
    this.jsonCodec = Objects.requireNonNull(jsonCodec, "jsonCodec");
    return this;
  }

  /** The zone fire times are shown in and date strings are read in (default the system's). */
  public SchedulerBuilder timezone(ZoneId timezone) {
    this.timezone = Objects.requireNonNull(timezone, "timezone");
    return this;
  }

  /** The source of time (default the system clock); tests use a mutable clock. */
  public SchedulerBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Whether {@code start()} runs the scheduling loop on a thread of its own (default true). With
   * false, the caller drives it by calling {@link Scheduler#processDueJobs()}: for tests, and for
   * hosts that have a loop of their own.
   */
  public SchedulerBuilder runLoop(boolean runLoop) {
    this.runLoop = runLoop;
    return this;
  }

  /**
   * Whether each run leaves a {@link dev.apscheduler.history.RunRecord} in its job's store; see
   * {@link Scheduler#getRunHistory(String, int)}. On by default; the memory store keeps its history
   * in memory (a ring per job, {@value dev.apscheduler.store.MemoryJobStore#MAX_HISTORY_RECORDS}
   * records in all), persistent stores in their own tables or structures.
   */
  public SchedulerBuilder runHistory(boolean enabled) {
    this.runHistory = enabled;
    return this;
  }

  /**
   * How long run history is kept: records older than {@code maxAge}, and beyond the newest {@code
   * maxRunsPerJob} of a job, are purged (defaults 7 days and 100 runs).
   */
  public SchedulerBuilder runHistoryRetention(Duration maxAge, int maxRunsPerJob) {
    this.runRetention = new RunRetention(maxAge, maxRunsPerJob);
    return this;
  }

  /** Registers a task by name, for jobs in persistent stores. */
  public SchedulerBuilder registerTask(String name, JobFunction function) {
    tasks.register(name, function);
    return this;
  }

  /**
   * Allows jobs read from a persistent store to run classes, and static methods of classes, in
   * these packages and their sub-packages (default: none). Stored rows are data: without this, a
   * stored reference runs only if it is a registered name, found by a resolver, or a reference the
   * application gave in code during this scheduler's lifetime; see {@link TaskRegistry} for the
   * rule. Also {@code apscheduler.allowed_task_packages} in {@link #properties} (a comma-separated
   * list).
   *
   * @throws IllegalArgumentException if a name is not a Java package name
   */
  public SchedulerBuilder allowedTaskPackages(String... packages) {
    tasks.allowPackages(packages);
    return this;
  }

  /** Adds a resolver of task references (the Spring module adds {@code beanName::method}). */
  public SchedulerBuilder taskResolver(TaskRegistry.Resolver resolver) {
    tasks.addResolver(resolver);
    return this;
  }

  /**
   * Adds an interceptor around each run of a job (the Spring module adds a Micrometer observation).
   * Interceptors added first are outermost.
   */
  public SchedulerBuilder runInterceptor(JobRunInterceptor interceptor) {
    runInterceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
    return this;
  }

  /**
   * Applies the guide's configuration: keys starting with {@code apscheduler.}; other keys are
   * ignored, as they belong to other software.
   *
   * @throws IllegalArgumentException naming the key and what it accepts, for an unknown key or a
   *     bad value
   */
  public SchedulerBuilder properties(Map<String, ?> config) {
    Map<String, Map<String, Object>> storeOptions = new TreeMap<>();
    Map<String, Object> retryOptions = new LinkedHashMap<>();
    for (Map.Entry<String, ?> entry : config.entrySet()) {
      String fullKey = entry.getKey();
      if (!fullKey.startsWith(PREFIX)) {
        continue;
      }
      String key = fullKey.substring(PREFIX.length()).replace('-', '_');
      Object value = entry.getValue();
      switch (key) {
        case "misfire_grace_time" -> misfireGraceTime = ConfigValues.duration(fullKey, value);
        case "coalesce" -> coalesce = ConfigValues.bool(fullKey, value);
        case "standalone" -> standalone = ConfigValues.bool(fullKey, value);
        case "daemonic" -> daemonic = ConfigValues.bool(fullKey, value);
        case "timezone" -> timezone = ConfigValues.zone(fullKey, value);
        case "threadpool.core_threads" -> coreThreads = ConfigValues.integer(fullKey, value, 0);
        case "threadpool.max_threads" -> maxThreads = ConfigValues.integer(fullKey, value, 1);
        case "threadpool.keepalive" -> keepAlive = ConfigValues.duration(fullKey, value);
        case "allowed_task_packages" -> {
          try {
            allowedTaskPackages(ConfigValues.names(fullKey, value));
          } catch (IllegalArgumentException e) {
            throw ConfigValues.bad(fullKey, value, "a comma-separated list of package names");
          }
        }
        default -> {
          String[] parts = key.split("\\.", 3);
          if (parts.length == 2 && parts[0].equals("retry")) {
            retryOptions.put(parts[1], value);
          } else if (parts.length == 3 && parts[0].equals("jobstores") && !parts[1].isEmpty()) {
            storeOptions
                .computeIfAbsent(parts[1], alias -> new LinkedHashMap<>())
                .put(parts[2], value);
          } else {
            throw new IllegalArgumentException(
                fullKey + ": unknown option; accepted keys are apscheduler." + PROPERTY_KEYS);
          }
        }
      }
    }
    if (!retryOptions.isEmpty()) {
      defaultRetry(RetryOptions.fromOptions(PREFIX + "retry", retryOptions));
    }
    storeOptions.forEach(
        (alias, options) ->
            jobStore(alias, JobStores.fromOptions(PREFIX + "jobstores." + alias, options)));
    return this;
  }

  /** The task as seen by an outer interceptor: the inner interceptor around the real task. */
  private static JobFunction chain(JobRunInterceptor inner, JobFunction task) {
    return new JobFunction() {
      @Override
      public void run(JobContext context) throws Exception {
        call(context);
      }

      @Override
      public Object call(JobContext context) throws Exception {
        return inner.intercept(context, task);
      }
    };
  }

  /**
   * Builds the scheduler (not started).
   *
   * @throws IllegalArgumentException if the thread pool options are out of range
   */
  public Scheduler build() {
    SchedulerOptions options =
        new SchedulerOptions(
            misfireGraceTime,
            coalesce,
            standalone,
            daemonic,
            timezone,
            coreThreads,
            maxThreads,
            keepAlive,
            defaultRetry);
    JobExecutor jobExecutor =
        executor != null
            ? executor
            : ThreadPoolJobExecutor.create(coreThreads, maxThreads, keepAlive);
    JobRunInterceptor interceptor = (context, task) -> task.call(context);
    for (int i = runInterceptors.size() - 1; i >= 0; i--) {
      JobRunInterceptor outer = runInterceptors.get(i);
      JobRunInterceptor inner = interceptor;
      interceptor = (context, task) -> outer.intercept(context, chain(inner, task));
    }
    return new Scheduler(
        options,
        jobExecutor,
        clock,
        runLoop,
        jobStores,
        tasks,
        interceptor,
        jsonCodec,
        runHistory ? runRetention : null);
  }
}
