package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.TaskRegistry;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import dev.apscheduler.store.mongodb.MongoJobStore;
import dev.apscheduler.store.redis.RedisJobStore;
import io.lettuce.core.RedisURI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JobStores#fromOptions(String, Map, JobStores.Resources)}: what an application provides.
 */
class JobStoresResourcesTest {

  private static final String KEY = "apscheduler.jobstores.main";

  @TempDir Path directory;

  private static DataSource h2(String name) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return dataSource;
  }

  @Test
  void aJdbcStoreWithoutUrlTakesTheDataSourceTheLookupFindsForItsName() {
    DataSource named = h2("named");
    List<String> asked = new ArrayList<>();
    JobStores.Resources resources =
        new JobStores.Resources(
            null,
            name -> {
              asked.add(String.valueOf(name));
              return named;
            },
            null);

    JdbcJobStore store =
        (JdbcJobStore)
            JobStores.fromOptions(
                KEY,
                Map.of("type", "jdbc", "data-source", "jobsDb", "table-name", "named_jobs"),
                resources);
    JdbcJobStore unnamed =
        (JdbcJobStore) JobStores.fromOptions(KEY, Map.of("type", "jdbc"), resources);

    assertThat(asked).containsExactly("jobsDb", "null");
    assertThat(store.table()).isEqualTo("named_jobs");
    store.start(new JobStoreContext("main", new TaskRegistry(), Clock.systemUTC()));
    try {
      assertThat(store.getAllJobs()).isEmpty();
    } finally {
      store.close();
    }
    assertThat(unnamed.table()).isEqualTo(JdbcJobStore.DEFAULT_TABLE_NAME);
  }

  @Test
  void theLookupsRefusalIsReportedAgainstTheDataSourceOption() {
    JobStores.Resources resources =
        new JobStores.Resources(
            null,
            name -> {
              throw new IllegalArgumentException("the name of a DataSource bean");
            },
            null);

    assertThatThrownBy(
            () ->
                JobStores.fromOptions(
                    KEY, Map.of("type", "jdbc", "data-source", "nope"), resources))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            KEY + ".data-source: 'nope' is not valid; expected the name of a DataSource bean");
    assertThatThrownBy(() -> JobStores.fromOptions(KEY, Map.of("type", "jdbc"), resources))
        .hasMessage(KEY + ".data-source: missing; expected the name of a DataSource bean");
  }

  @Test
  void aDataSourceNameNeedsALookupAndExcludesAUrl() {
    assertThatThrownBy(
            () -> JobStores.fromOptions(KEY, Map.of("type", "jdbc", "data-source", "jobsDb")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(KEY + ".data-source: 'jobsDb' is not valid")
        .hasMessageContaining("give .url");
    JobStores.Resources resources = new JobStores.Resources(null, name -> h2("x"), null);
    assertThatThrownBy(
            () ->
                JobStores.fromOptions(
                    KEY,
                    Map.of("type", "jdbc", "data-source", "jobsDb", "url", "jdbc:h2:mem:x"),
                    resources))
        .hasMessageContaining("either .url or .data-source, not both");
  }

  @Test
  void theJdbcCustomizerHasTheLastSayOnEveryJdbcStore() {
    JobStores.Resources resources =
        new JobStores.Resources(null, name -> h2("cluster"), builder -> builder.cluster("node-7"));

    JdbcJobStore store =
        (JdbcJobStore) JobStores.fromOptions(KEY, Map.of("type", "jdbc"), resources);
    JobStore memory = JobStores.fromOptions(KEY, Map.of("type", "memory"), resources);

    assertThat(store.nodeId()).contains("node-7");
    assertThat(memory).isInstanceOf(MemoryJobStore.class);
  }

  @Test
  void aRedisStoreWithoutUrlConnectsAsTheApplicationSays() {
    RedisURI uri = RedisURI.create(TestServices.redisUrl());
    String prefix = "apscheduler-resources-" + UUID.randomUUID() + ".";
    JobStores.Resources resources =
        new JobStores.Resources(null, null, null, () -> RedisJobStore.builder(uri), null);

    RedisJobStore store =
        (RedisJobStore)
            JobStores.fromOptions(KEY, Map.of("type", "redis", "key-prefix", prefix), resources);
    store.start(new JobStoreContext("main", new TaskRegistry(), Clock.systemUTC()));
    try {
      assertThat(store.jobsKey()).isEqualTo(prefix + "jobs");
      assertThat(store.countJobs()).isZero();
    } finally {
      store.close();
    }
    assertThatThrownBy(
            () ->
                JobStores.fromOptions(
                    KEY,
                    Map.of("type", "redis"),
                    new JobStores.Resources(
                        null,
                        null,
                        null,
                        () -> {
                          throw new IllegalArgumentException("a standalone or Sentinel server");
                        },
                        null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(KEY + ".url: missing; expected a standalone or Sentinel server");
    assertThatThrownBy(() -> JobStores.fromOptions(KEY, Map.of("type", "redis")))
        .hasMessageContaining(KEY + ".url: missing");
  }

  @Test
  void aMongoStoreWithoutUrlUsesTheApplicationsClientAndLeavesItOpen() {
    MongoServer server = new MongoServer(new MemoryBackend());
    try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
      List<String> asked = new ArrayList<>();
      JobStores.Resources resources =
          new JobStores.Resources(
              null,
              null,
              null,
              null,
              database -> {
                asked.add(String.valueOf(database));
                return MongoJobStore.builder(client, database == null ? "app" : database);
              });

      JobStore store =
          JobStores.fromOptions(KEY, Map.of("type", "mongodb", "collection", "mine"), resources);
      store.start(new JobStoreContext("main", new TaskRegistry(), Clock.systemUTC()));
      store.close();
      JobStores.fromOptions(KEY, Map.of("type", "mongodb", "database", "other"), resources);

      assertThat(asked).containsExactly("null", "other");
      assertThat(client.getDatabase("app").listCollectionNames()).contains("mine");
      assertThatThrownBy(
              () ->
                  JobStores.fromOptions(
                      KEY,
                      Map.of("type", "mongodb"),
                      new JobStores.Resources(
                          null,
                          null,
                          null,
                          null,
                          database -> {
                            throw new IllegalArgumentException("a database in the connection URI");
                          })))
          .hasMessage(KEY + ".database: missing; expected a database in the connection URI");
    } finally {
      server.shutdownNow();
    }
  }

  @Test
  void optionalLibrariesAreLookedUpInTheResourcesClassLoader() throws Exception {
    URL core = JobStores.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader withoutLibraries =
        new URLClassLoader(new URL[] {core}, ClassLoader.getPlatformClassLoader())) {
      JobStores.Resources resources = new JobStores.Resources(withoutLibraries, null, null);

      assertThatThrownBy(
              () ->
                  JobStores.fromOptions(
                      KEY,
                      Map.of("type", "file", "path", directory.resolve("jobs").toString()),
                      resources))
          .isInstanceOf(JobStoreException.class)
          .hasMessageContaining("com.h2database:h2");
      assertThatThrownBy(
              () ->
                  JobStores.fromOptions(
                      KEY, Map.of("type", "redis", "url", "redis://127.0.0.1:6379/0"), resources))
          .isInstanceOf(JobStoreException.class)
          .hasMessageContaining("io.lettuce:lettuce-core");
      assertThatThrownBy(
              () ->
                  JobStores.fromOptions(
                      KEY,
                      Map.of("type", "mongodb", "url", "mongodb://127.0.0.1", "database", "app"),
                      resources))
          .isInstanceOf(JobStoreException.class)
          .hasMessageContaining("org.mongodb:mongodb-driver-sync");
      assertThatThrownBy(
              () -> JobStores.fromOptions(KEY, Map.of("class", "org.h2.Driver"), resources))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(KEY + ".class: 'org.h2.Driver' is not valid")
          .hasMessageContaining("on the classpath");
    }
  }
}
