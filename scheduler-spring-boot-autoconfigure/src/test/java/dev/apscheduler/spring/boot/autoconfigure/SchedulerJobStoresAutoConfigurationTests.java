package dev.apscheduler.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.apscheduler.JobContext;
import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.SchedulerState;
import dev.apscheduler.spring.annotation.IntervalSchedule;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.jdbc.InitializeSchema;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import dev.apscheduler.store.mongodb.MongoJobStore;
import dev.apscheduler.store.redis.RedisJobStore;
import dev.apscheduler.trigger.IntervalTrigger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Each store type from properties, DataSource present or absent, and missing libraries. */
class SchedulerJobStoresAutoConfigurationTests {

  private static MongoServer mongo;
  private static String mongoUrl;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataSourceAutoConfiguration.class, SchedulerAutoConfiguration.class));

  @TempDir Path directory;

  @BeforeAll
  static void startMongo() {
    mongo = new MongoServer(new MemoryBackend());
    mongoUrl = mongo.bindAndGetConnectionString();
  }

  @AfterAll
  static void stopMongo() {
    mongo.shutdownNow();
  }

  @Test
  void aJdbcStoreUsesTheSingleDataSourceAndCreatesItsTable() {
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:single-" + UUID.randomUUID(),
            "apscheduler.jobstores.default.type=jdbc",
            "apscheduler.jobstores.default.table-name=my_jobs")
        .run(
            context -> {
              JobStore store = context.getBean(Scheduler.class).jobStores().get("default");
              assertThat(store).isInstanceOf(JdbcJobStore.class);
              assertThat(((JdbcJobStore) store).table()).isEqualTo("my_jobs");
              assertThat(tableExists(context.getBean(DataSource.class), "MY_JOBS")).isTrue();
            });
  }

  @Test
  void aJdbcStoreWithAUrlConnectsWithoutADataSourceBean() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SchedulerAutoConfiguration.class))
        .withPropertyValues(
            "apscheduler.jobstores.default.type=JDBC",
            "apscheduler.jobstores.default.url=jdbc:h2:mem:url-"
                + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1",
            "apscheduler.jobstores.default.username=sa",
            "apscheduler.jobstores.default.table-name=url_jobs")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(DataSource.class);
              JdbcJobStore store =
                  (JdbcJobStore) context.getBean(Scheduler.class).jobStores().get("default");
              assertThat(store.table()).isEqualTo("url_jobs");
              assertThat(store.getAllJobs()).isEmpty();
            });
  }

  @Test
  void clusterPropertiesMakeTheJdbcStoreAClusterNode() {
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:cluster-" + UUID.randomUUID(),
            "apscheduler.jobstores.default.type=jdbc",
            "apscheduler.jobstores.default.initialize-schema=always",
            "apscheduler.cluster.enabled=true",
            "apscheduler.cluster.node-id=web-1",
            "apscheduler.cluster.heartbeat-interval=2s",
            "apscheduler.cluster.missed-heartbeats=4",
            "apscheduler.cluster.poll-interval=250ms")
        .run(
            context -> {
              JdbcJobStore store =
                  (JdbcJobStore) context.getBean(Scheduler.class).jobStores().get("default");
              assertThat(store.nodeId()).contains("web-1");
              assertThat(store.pollInterval()).contains(java.time.Duration.ofMillis(250));
              assertThat(store.clusterNodes()).containsOnlyKeys("web-1");
            });
  }

  @Test
  void clusterModeWithoutAJdbcStoreFailsWithAnAnalysis() {
    runner
        .withPropertyValues("apscheduler.cluster.enabled=true")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("apscheduler.cluster.enabled", "jdbc"));
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:cluster-bad-" + UUID.randomUUID(),
            "apscheduler.jobstores.default.type=jdbc",
            "apscheduler.cluster.enabled=true",
            "apscheduler.cluster.missed-heartbeats=0")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("apscheduler.cluster.missed-heartbeats", "0"));
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:cluster-skew-" + UUID.randomUUID(),
            "apscheduler.jobstores.default.type=jdbc",
            "apscheduler.cluster.enabled=true",
            "apscheduler.cluster.max-clock-skew=0s")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("apscheduler.cluster.max-clock-skew", "must be longer than zero"));
  }

  @Test
  void persistentStoresWriteJsonWithTheApplicationsJsonMapper() {
    runner
        .withBean(
            tools.jackson.databind.json.JsonMapper.class,
            () ->
                tools.jackson.databind.json.JsonMapper.builder()
                    .enable(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .build())
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:mapper-" + UUID.randomUUID(),
            "apscheduler.jobstores.default.type=jdbc")
        .run(
            context -> {
              Scheduler scheduler = context.getBean(Scheduler.class);
              scheduler.registerTask("noop", ctx -> {});
              scheduler.addJob(
                  dev.apscheduler.JobSpec.builder()
                      .id("indented")
                      .task("noop")
                      .args(java.util.List.of("a"))
                      .trigger(
                          dev.apscheduler.trigger.IntervalTrigger.of(java.time.Duration.ofHours(1)))
                      .build());
              try (Connection c = context.getBean(DataSource.class).getConnection();
                  ResultSet rs =
                      c.createStatement()
                          .executeQuery(
                              "SELECT document FROM apscheduler_jobs WHERE id = 'indented'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1))
                    .as("indented by the application's mapper")
                    .contains("\n  ");
              }
              assertThat(scheduler.getJob("indented").orElseThrow().args()).containsExactly("a");
            });
  }

  @Test
  void aJdbcStoreUsesTheNamedDataSource() {
    runner
        .withUserConfiguration(TwoDataSourcesConfiguration.class)
        .withPropertyValues(
            "apscheduler.jobstores.default.type=jdbc",
            "apscheduler.jobstores.default.data-source=schedulerDataSource")
        .run(
            context -> {
              assertThat(context.getBean(Scheduler.class).state())
                  .isEqualTo(SchedulerState.RUNNING);
              DataSource scheduler = context.getBean("schedulerDataSource", DataSource.class);
              DataSource other = context.getBean("otherDataSource", DataSource.class);
              assertThat(tableExists(scheduler, "APSCHEDULER_JOBS")).isTrue();
              assertThat(tableExists(other, "APSCHEDULER_JOBS")).isFalse();
            });
  }

  @Test
  void aJdbcStoreWithTwoDataSourcesAndNoNameFailsWithAnAnalysis() {
    runner
        .withUserConfiguration(TwoDataSourcesConfiguration.class)
        .withPropertyValues("apscheduler.jobstores.default.type=jdbc")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("apscheduler.jobstores.default.data-source", "exactly one"));
  }

  @Test
  void aJdbcStoreWithoutADataSourceFailsWithAnAnalysis() {
    runner
        .withClassLoader(new FilteredClassLoader("org.h2", "com.zaxxer"))
        .withPropertyValues("apscheduler.jobstores.default.type=jdbc")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("apscheduler.jobstores.default.data-source"));
  }

  @Test
  void aJdbcStoreNamingAMissingDataSourceFailsWithAnAnalysis() {
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:missing-" + UUID.randomUUID(),
            "apscheduler.jobstores.default.type=jdbc",
            "apscheduler.jobstores.default.data-source=nope")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("apscheduler.jobstores.default.data-source", "'nope'"));
  }

  @Test
  void initializeSchemaNeverLeavesTheTableToMigrations() {
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:never-" + UUID.randomUUID(),
            "apscheduler.jobstores.default.type=jdbc",
            "apscheduler.jobstores.default.initialize-schema=never")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("the table cannot be read"));
  }

  @Test
  void initializeSchemaBindsTheCoreModesInAnyCase() {
    runner
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:modes-" + UUID.randomUUID(),
            "apscheduler.jobstores.default.type=jdbc",
            "apscheduler.jobstores.default.initialize-schema=Always",
            "apscheduler.jobstores.spare.type=jdbc",
            "apscheduler.jobstores.spare.table-name=spare_jobs",
            "apscheduler.jobstores.spare.initialize-schema=EMBEDDED")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Map<String, JobStoreProperties> stores =
                  context.getBean(SchedulerProperties.class).getJobstores();
              assertThat(stores.get("default").getInitializeSchema())
                  .isEqualTo(InitializeSchema.ALWAYS);
              assertThat(stores.get("spare").getInitializeSchema())
                  .isEqualTo(InitializeSchema.EMBEDDED);
            });
  }

  @Test
  void theSchedulerWaitsForTheDatabaseInitializers() {
    runner
        .withConfiguration(AutoConfigurations.of(DataSourceInitializationAutoConfiguration.class))
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:init-" + UUID.randomUUID(),
            "spring.sql.init.mode=always",
            "spring.sql.init.schema-locations=classpath:apscheduler-test-schema.sql",
            "apscheduler.jobstores.default.type=jdbc",
            "apscheduler.jobstores.default.schema=migrated",
            "apscheduler.jobstores.default.initialize-schema=never")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBeanFactory().getBeanDefinition("scheduler").getDependsOn())
                  .contains("dataSourceScriptDatabaseInitializer");
              assertThat(context.getBean(Scheduler.class).state())
                  .isEqualTo(SchedulerState.RUNNING);
            });
  }

  @Test
  void aFileStoreKeepsJobsInAnH2File() {
    runner
        .withPropertyValues(
            "apscheduler.jobstores.default.type=file",
            "apscheduler.jobstores.default.path=" + directory.resolve("jobs"))
        .run(
            context -> {
              assertThat(context.getBean(Scheduler.class).jobStores().get("default"))
                  .isInstanceOf(JdbcJobStore.class)
                  .matches(JobStore::isPersistent);
              assertThat(directory.resolve("jobs.mv.db")).exists();
            });
  }

  @Test
  void aFileStoreWithoutAPathFailsWithAnAnalysis() {
    runner
        .withPropertyValues("apscheduler.jobstores.default.type=file")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("apscheduler.jobstores.default.path", "(missing)"));
  }

  @Test
  void aRedisStoreConnectsToTheServer() {
    String prefix = "apscheduler-spring-test-" + UUID.randomUUID() + ".";
    String redisUrl = redisUrl();
    runner
        .withPropertyValues(
            "apscheduler.jobstores.default.type=redis",
            "apscheduler.jobstores.default.url=" + redisUrl,
            "apscheduler.jobstores.default.key-prefix=" + prefix)
        .run(
            context -> {
              Scheduler scheduler = context.getBean(Scheduler.class);
              JobStore store = scheduler.jobStores().get("default");
              assertThat(store).isInstanceOf(RedisJobStore.class);
              assertThat(((RedisJobStore) store).jobsKey()).startsWith(prefix);
              scheduler.addJob(
                  JobSpec.builder()
                      .id("redis-job")
                      .task("schedulerLifecycle::isRunning")
                      .trigger(IntervalTrigger.of(Duration.ofHours(1)))
                      .build());
              assertThat(store.lookupJob("redis-job")).isPresent();
              store.removeAllJobs();
            });
  }

  @Test
  void clusterModeLetsInstancesShareARedisStore() {
    ApplicationContextRunner instance =
        runner.withPropertyValues(
            "apscheduler.jobstores.default.type=redis",
            "apscheduler.jobstores.default.url=" + redisUrl(),
            "apscheduler.jobstores.default.key-prefix=apscheduler-spring-"
                + UUID.randomUUID()
                + ".",
            "apscheduler.cluster.enabled=true",
            "apscheduler.cluster.heartbeat-interval=1s");
    instance
        .withPropertyValues("apscheduler.cluster.node-id=web-1")
        .run(
            first ->
                instance
                    .withPropertyValues("apscheduler.cluster.node-id=web-2")
                    .run(
                        second -> {
                          assertThat(first).hasNotFailed();
                          assertThat(second).hasNotFailed();
                          RedisJobStore store =
                              (RedisJobStore)
                                  second.getBean(Scheduler.class).jobStores().get("default");
                          assertThat(store.nodeId()).contains("web-2");
                          assertThat(second.getBean(Scheduler.class).state())
                              .isEqualTo(dev.apscheduler.SchedulerState.RUNNING);
                        }));
  }

  @Test
  void aMongoStoreUsesItsDatabaseAndCollection() {
    runner
        .withPropertyValues(
            "apscheduler.jobstores.default.type=mongodb",
            "apscheduler.jobstores.default.url=" + mongoUrl,
            "apscheduler.jobstores.default.database=scheduling",
            "apscheduler.jobstores.default.collection=spring_jobs")
        .run(
            context -> {
              JobStore store = context.getBean(Scheduler.class).jobStores().get("default");
              assertThat(store).isInstanceOf(MongoJobStore.class);
              assertThat(context.getBean(Scheduler.class).state())
                  .isEqualTo(SchedulerState.RUNNING);
            });
  }

  @Test
  void clusterModeLetsInstancesShareAMongoStore() {
    ApplicationContextRunner instance =
        runner.withPropertyValues(
            "apscheduler.jobstores.default.type=mongodb",
            "apscheduler.jobstores.default.url=" + mongoUrl,
            "apscheduler.jobstores.default.database=scheduling",
            "apscheduler.jobstores.default.collection=shared_"
                + UUID.randomUUID().toString().replace("-", ""),
            "apscheduler.cluster.enabled=true",
            "apscheduler.cluster.heartbeat-interval=1s");
    instance
        .withPropertyValues("apscheduler.cluster.node-id=web-1")
        .run(
            first ->
                instance
                    .withPropertyValues("apscheduler.cluster.node-id=web-2")
                    .run(
                        second -> {
                          assertThat(first).hasNotFailed();
                          assertThat(second).hasNotFailed();
                          MongoJobStore store =
                              (MongoJobStore)
                                  second.getBean(Scheduler.class).jobStores().get("default");
                          assertThat(store.nodeId()).contains("web-2");
                          assertThat(store.pollInterval()).contains(Duration.ofMillis(500));
                          assertThat(second.getBean(Scheduler.class).state())
                              .isEqualTo(SchedulerState.RUNNING);
                        }));
  }

  @Test
  void aMongoStoreWithoutADatabaseFailsWithAnAnalysis() {
    runner
        .withPropertyValues(
            "apscheduler.jobstores.default.type=mongodb",
            "apscheduler.jobstores.default.url=" + mongoUrl)
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("apscheduler.jobstores.default.database"));
  }

  @Test
  void aMissingStoreDriverFailsWithAnAnalysisNamingTheDependency() {
    runner
        .withClassLoader(new FilteredClassLoader("io.lettuce"))
        .withPropertyValues(
            "apscheduler.jobstores.default.type=redis",
            "apscheduler.jobstores.default.url=redis://127.0.0.1:6379/0")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("apscheduler.jobstores.default.type", "io.lettuce:lettuce-core"));
    runner
        .withClassLoader(new FilteredClassLoader("com.mongodb"))
        .withPropertyValues(
            "apscheduler.jobstores.default.type=mongodb",
            "apscheduler.jobstores.default.url=" + mongoUrl,
            "apscheduler.jobstores.default.database=x")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("org.mongodb:mongodb-driver-sync"));
  }

  @Test
  void aPersistentStoreWithoutJacksonFailsWithAnAnalysis() {
    runner
        .withClassLoader(new FilteredClassLoader("tools.jackson"))
        .withPropertyValues(
            "apscheduler.jobstores.default.type=file",
            "apscheduler.jobstores.default.path=" + directory.resolve("nojackson"))
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("tools.jackson.core:jackson-databind"));
  }

  @Test
  void annotatedAndBeanMethodJobsSurviveAContextRestart() {
    ApplicationContextRunner persistent =
        runner
            .withUserConfiguration(PersistentJobsConfiguration.class)
            .withPropertyValues(
                "apscheduler.jobstores.default.type=file",
                "apscheduler.jobstores.default.path=" + directory.resolve("restart"),
                // the application's base package, the default of a @SpringBootApplication
                "apscheduler.allowed-task-packages="
                    + SchedulerJobStoresAutoConfigurationTests.class.getPackageName());
    persistent.run(
        context -> {
          Scheduler scheduler = context.getBean(Scheduler.class);
          assertThat(scheduler.getJob("reports.hourly")).isPresent();
          scheduler.addJob(
              JobSpec.builder()
                  .id("greeting")
                  .task("persistentJobs::greet")
                  .args(List.of("again", 2))
                  .trigger(IntervalTrigger.of(Duration.ofMillis(200)))
                  .maxRuns(1)
                  .build());
          scheduler.pauseJob("greeting");
        });
    persistent.run(
        context -> {
          Scheduler scheduler = context.getBean(Scheduler.class);
          assertThat(scheduler.getJob("reports.hourly"))
              .get()
              .satisfies(job -> assertThat(job.task().isResolved()).isTrue());
          assertThat(scheduler.getJob("greeting"))
              .get()
              .satisfies(
                  job -> {
                    assertThat(job.task().reference()).isEqualTo("persistentJobs::greet");
                    assertThat(job.task().isResolved()).isTrue();
                    assertThat(job.paused()).isTrue();
                  });
          scheduler.resumeJob("greeting");
          PersistentJobs jobs = context.getBean(PersistentJobs.class);
          await().atMost(Duration.ofSeconds(10)).until(() -> jobs.runs.contains("again x2"));
        });
  }

  /**
   * The Redis server of the tests ({@code APSCHEDULER_TEST_REDIS_URL}, else the local one). An
   * unreachable server skips the test, except under {@code CI=true}, where it fails it.
   */
  private static String redisUrl() {
    String configured = System.getenv("APSCHEDULER_TEST_REDIS_URL");
    String url = configured == null || configured.isBlank() ? "redis://127.0.0.1:6379" : configured;
    java.net.URI uri = java.net.URI.create(url);
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(
          new java.net.InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()),
          2000);
    } catch (java.io.IOException e) {
      String message = "Redis is not reachable at " + url + " (" + e.getMessage() + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        org.junit.jupiter.api.Assertions.fail(message + " [CI=true: a missing service fails]", e);
      }
      org.junit.jupiter.api.Assumptions.abort(message);
    }
    return url;
  }

  private static boolean tableExists(DataSource dataSource, String table) throws Exception {
    try (Connection connection = dataSource.getConnection();
        ResultSet tables = connection.getMetaData().getTables(null, null, table, null)) {
      return tables.next();
    }
  }

  private static FailureAnalysis analyze(Throwable failure) {
    FailureAnalysis analysis = new SchedulerFailureAnalyzer().analyze(failure);
    assertThat(analysis).as("analysis of %s", failure).isNotNull();
    return analysis;
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoDataSourcesConfiguration {
    @Bean
    DataSource schedulerDataSource() {
      return DataSourceBuilder.create().url("jdbc:h2:mem:scheduler-" + UUID.randomUUID()).build();
    }

    @Bean
    DataSource otherDataSource() {
      return DataSourceBuilder.create().url("jdbc:h2:mem:other-" + UUID.randomUUID()).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class PersistentJobsConfiguration {
    @Bean
    PersistentJobs persistentJobs() {
      return new PersistentJobs();
    }
  }

  static class PersistentJobs {
    final List<String> runs = new CopyOnWriteArrayList<>();

    @IntervalSchedule(id = "reports.hourly", hours = 1)
    void hourly(JobContext context) {
      runs.add("hourly");
    }

    public void greet(String who, int times) {
      runs.add(who + " x" + times);
    }
  }
}
