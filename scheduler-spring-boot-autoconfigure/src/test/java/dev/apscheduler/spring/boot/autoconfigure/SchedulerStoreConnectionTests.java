package dev.apscheduler.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.store.mongodb.MongoJobStore;
import dev.apscheduler.store.redis.RedisJobStore;
import dev.apscheduler.trigger.IntervalTrigger;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Redis and MongoDB stores without {@code url} connect as the application does: through {@code
 * spring.data.redis.*} and the application's MongoClient ({@code spring.mongodb.*}), or through
 * connection details beans such as a {@code @ServiceConnection} container registers.
 */
class SchedulerStoreConnectionTests {

  private static MongoServer mongo;
  private static String mongoUrl;

  @BeforeAll
  static void startMongo() {
    mongo = new MongoServer(new MemoryBackend());
    mongoUrl = mongo.bindAndGetConnectionString();
  }

  @AfterAll
  static void stopMongo() {
    mongo.shutdownNow();
  }

  private final ApplicationContextRunner redis =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataRedisAutoConfiguration.class, SchedulerAutoConfiguration.class));

  private final ApplicationContextRunner mongodb =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MongoAutoConfiguration.class, SchedulerAutoConfiguration.class));

  @Test
  void aRedisStoreWithoutUrlConnectsThroughSpringDataRedisProperties() {
    URI server = redisServer();
    String prefix = "apscheduler-connection-test-" + UUID.randomUUID() + ".";
    redis
        .withPropertyValues(
            "spring.data.redis.host=" + server.getHost(),
            "spring.data.redis.port=" + server.getPort(),
            "apscheduler.jobstores.default.type=redis",
            "apscheduler.jobstores.default.key-prefix=" + prefix)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Scheduler scheduler = context.getBean(Scheduler.class);
              JobStore store = scheduler.jobStores().get("default");
              assertThat(store).isInstanceOf(RedisJobStore.class);
              scheduler.addJob(
                  JobSpec.builder()
                      .id("through-properties")
                      .task("schedulerLifecycle::isRunning")
                      .trigger(IntervalTrigger.of(Duration.ofHours(1)))
                      .build());
              assertThat(store.lookupJob("through-properties")).isPresent();
              store.removeAllJobs();
            });
  }

  @Test
  void aRedisStoreWithoutUrlGoesWhereTheSpringDataRedisPortSays() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    redis
        .withPropertyValues(
            "spring.data.redis.host=127.0.0.1",
            "spring.data.redis.port=" + closedPort,
            "apscheduler.jobstores.default.type=redis")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("cannot connect to")
                    .hasStackTraceContaining(":" + closedPort));
  }

  @Test
  void aRedisStoreTakesConnectionDetailsThatReplaceTheProperties() throws IOException {
    URI server = redisServer();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    redis
        .withBean(
            DataRedisConnectionDetails.class,
            () ->
                new DataRedisConnectionDetails() {
                  @Override
                  public Standalone getStandalone() {
                    return Standalone.of(server.getHost(), server.getPort());
                  }
                })
        .withPropertyValues(
            "spring.data.redis.port=" + closedPort,
            "apscheduler.jobstores.default.type=redis",
            "apscheduler.jobstores.default.key-prefix=apscheduler-details-test-"
                + UUID.randomUUID()
                + ".")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(Scheduler.class).jobStores().get("default").countJobs())
                  .isZero();
            });
  }

  @Test
  void aRedisClusterIsRefusedWithAnAnalysisNamingTheUrl() {
    redis
        .withPropertyValues(
            "spring.data.redis.cluster.nodes=127.0.0.1:7000,127.0.0.1:7001",
            "apscheduler.jobstores.default.type=redis")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("apscheduler.jobstores.default.url", "Redis Cluster"));
  }

  @Test
  void aMongoStoreWithoutUrlUsesTheApplicationsClientAndTheDatabaseOfItsUri() {
    mongodb
        .withPropertyValues(
            "spring.mongodb.uri=" + mongoUrl + "/scheduling",
            "apscheduler.jobstores.default.type=mongodb",
            "apscheduler.jobstores.default.collection=connection_jobs")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(Scheduler.class).jobStores().get("default"))
                  .isInstanceOf(MongoJobStore.class);
              MongoClient client = context.getBean(MongoClient.class);
              assertThat(client.getDatabase("scheduling").listCollectionNames())
                  .contains("connection_jobs");
            });
  }

  @Test
  void aMongoStoresOwnDatabaseWinsOverTheApplicationsDefault() {
    mongodb
        .withPropertyValues(
            "spring.mongodb.uri=" + mongoUrl + "/app",
            "apscheduler.jobstores.default.type=mongodb",
            "apscheduler.jobstores.default.database=jobs_db")
        .run(
            context ->
                assertThat(
                        context
                            .getBean(MongoClient.class)
                            .getDatabase("jobs_db")
                            .listCollectionNames())
                    .contains(MongoJobStore.DEFAULT_COLLECTION));
  }

  @Test
  void aMongoStoreTakesTheClientBuiltFromConnectionDetailsThatReplaceTheProperties() {
    mongodb
        .withBean(
            MongoConnectionDetails.class,
            () -> () -> new ConnectionString(mongoUrl + "/from_details"))
        .withPropertyValues(
            "spring.mongodb.uri=mongodb://127.0.0.1:1/from_properties",
            "apscheduler.jobstores.default.type=mongodb")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(
                      context
                          .getBean(MongoClient.class)
                          .getDatabase("from_details")
                          .listCollectionNames())
                  .contains(MongoJobStore.DEFAULT_COLLECTION);
            });
  }

  @Test
  void withoutUrlAndWithoutTheApplicationsClientTheUrlIsMissing() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SchedulerAutoConfiguration.class))
        .withPropertyValues("apscheduler.jobstores.default.type=mongodb")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("apscheduler.jobstores.default.url"));
  }

  private static FailureAnalysis analyze(Throwable failure) {
    FailureAnalysis analysis = new SchedulerFailureAnalyzer().analyze(failure);
    assertThat(analysis).as("analysis of %s", failure).isNotNull();
    return analysis;
  }

  /**
   * Host and port of the tests' Redis server ({@code APSCHEDULER_TEST_REDIS_URL}, else the local
   * one). An unreachable server skips the test, except under {@code CI=true}, where it fails it.
   */
  private static URI redisServer() {
    String configured = System.getenv("APSCHEDULER_TEST_REDIS_URL");
    URI uri =
        URI.create(
            configured == null || configured.isBlank() ? "redis://127.0.0.1:6379" : configured);
    URI server =
        URI.create("redis://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort()));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 2000);
    } catch (IOException e) {
      String message = "Redis is not reachable at " + server + " (" + e.getMessage() + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message + " [CI=true: a missing service fails]", e);
      }
      Assumptions.abort(message);
    }
    return server;
  }
}
