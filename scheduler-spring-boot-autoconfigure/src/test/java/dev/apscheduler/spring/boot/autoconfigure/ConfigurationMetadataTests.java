package dev.apscheduler.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.SchedulerOptions;
import dev.apscheduler.history.RunRetention;
import dev.apscheduler.store.JobStores;
import dev.apscheduler.store.jdbc.InitializeSchema;
import dev.apscheduler.store.jdbc.JdbcJobStore;
import dev.apscheduler.store.mongodb.MongoJobStore;
import dev.apscheduler.store.redis.RedisJobStore;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built classes carry configuration metadata documenting every key, the core's defaults and
 * value hints for the store options.
 */
class ConfigurationMetadataTests {

  @Test
  void metadataDescribesEveryApschedulerKeyWithTheCoreDefaults() throws IOException {
    Map<String, JsonNode> properties = apschedulerProperties();
    assertThat(properties)
        .containsKeys(
            "apscheduler.enabled",
            "apscheduler.auto-startup",
            "apscheduler.startup-delay",
            "apscheduler.metrics.job-tag",
            "apscheduler.metrics.removed-job-retention",
            "apscheduler.metrics.job-count-refresh",
            "apscheduler.misfire-grace-time",
            "apscheduler.coalesce",
            "apscheduler.standalone",
            "apscheduler.daemonic",
            "apscheduler.timezone",
            "apscheduler.threadpool.core-threads",
            "apscheduler.threadpool.max-threads",
            "apscheduler.threadpool.keepalive",
            "apscheduler.history.enabled",
            "apscheduler.history.max-age",
            "apscheduler.history.max-runs-per-job",
            "apscheduler.jobstores");
    properties.forEach(
        (name, property) ->
            assertThat(property.path("description").asString()).as(name).isNotBlank());
    assertThat(properties.get("apscheduler.jobstores").path("description").asString())
        .contains(
            "memory, jdbc, file, redis, mongodb",
            "data-source",
            "table-name",
            "initialize-schema",
            "key-prefix");
    assertThat(defaultOf(properties, "apscheduler.enabled").asBoolean()).isTrue();
    assertThat(defaultOf(properties, "apscheduler.auto-startup").asBoolean()).isTrue();
    assertThat(
            DurationStyle.detectAndParse(
                defaultOf(properties, "apscheduler.misfire-grace-time").asString(),
                ChronoUnit.SECONDS))
        .isEqualTo(SchedulerOptions.DEFAULT_MISFIRE_GRACE_TIME);
    assertThat(defaultOf(properties, "apscheduler.coalesce").asBoolean())
        .isEqualTo(SchedulerOptions.DEFAULT_COALESCE);
    assertThat(defaultOf(properties, "apscheduler.standalone").asBoolean())
        .isEqualTo(SchedulerOptions.DEFAULT_STANDALONE);
    assertThat(defaultOf(properties, "apscheduler.daemonic").asBoolean())
        .isEqualTo(SchedulerOptions.DEFAULT_DAEMONIC);
    assertThat(defaultOf(properties, "apscheduler.threadpool.core-threads").asInt())
        .isEqualTo(SchedulerOptions.DEFAULT_CORE_THREADS);
    assertThat(defaultOf(properties, "apscheduler.threadpool.max-threads").asInt())
        .isEqualTo(SchedulerOptions.DEFAULT_MAX_THREADS);
    assertThat(
            DurationStyle.detectAndParse(
                defaultOf(properties, "apscheduler.threadpool.keepalive").asString(),
                ChronoUnit.SECONDS))
        .isEqualTo(SchedulerOptions.DEFAULT_KEEP_ALIVE);
  }

  @Test
  void historyKeysCarryTheCoresRetentionDefaults() throws IOException {
    Map<String, JsonNode> properties = apschedulerProperties();
    assertThat(defaultOf(properties, "apscheduler.history.enabled").asBoolean()).isTrue();
    assertThat(
            DurationStyle.detectAndParse(
                defaultOf(properties, "apscheduler.history.max-age").asString(),
                ChronoUnit.SECONDS))
        .isEqualTo(RunRetention.DEFAULT_MAX_AGE);
    assertThat(defaultOf(properties, "apscheduler.history.max-runs-per-job").asInt())
        .isEqualTo(RunRetention.DEFAULT_MAX_RUNS_PER_JOB);
  }

  @Test
  void everyStoreOptionIsDocumentedForTheDefaultStore() throws IOException {
    Map<String, JsonNode> properties = apschedulerProperties();
    for (PropertyDescriptor option : BeanUtils.getPropertyDescriptors(JobStoreProperties.class)) {
      if (option.getWriteMethod() == null) {
        continue;
      }
      String name =
          option.getName().equals("className")
              ? "class"
              : option.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
      String key = "apscheduler.jobstores.default." + name;
      assertThat(properties).as(key).containsKey(key);
      assertThat(properties.get(key).path("description").asString()).as(key).isNotBlank();
      assertThat(properties.get(key).path("type").asString()).as(key).isNotBlank();
    }
  }

  @Test
  void storeOptionsHaveValueHintsAndTheStoresDefaults() throws IOException {
    Map<String, JsonNode> hints = apschedulerHints();
    assertThat(hintValues(hints.get("apscheduler.jobstores.default.type")))
        .as("one hint per type the core knows")
        .containsExactlyElementsOf(JobStores.TYPES);
    assertThat(hintValues(hints.get("apscheduler.jobstores.default.initialize-schema")))
        .containsExactlyElementsOf(
            Arrays.stream(InitializeSchema.values())
                .map(mode -> mode.name().toLowerCase(Locale.ROOT))
                .toList());
    assertThat(hintValues(hints.get("apscheduler.jobstores.keys"))).contains("default");
    assertThat(providerOf(hints, "apscheduler.jobstores.default.data-source"))
        .isEqualTo("spring-bean-reference");
    assertThat(
            hints
                .get("apscheduler.jobstores.default.data-source")
                .path("providers")
                .get(0)
                .path("parameters")
                .path("target")
                .asString())
        .isEqualTo("javax.sql.DataSource");
    assertThat(providerOf(hints, "apscheduler.jobstores.default.class"))
        .isEqualTo("class-reference");
    hints
        .values()
        .forEach(
            hint ->
                hint.path("values")
                    .forEach(
                        value ->
                            assertThat(value.path("description").asString())
                                .as(hint.path("name").asString() + " " + value)
                                .isNotBlank()));

    Map<String, JsonNode> properties = apschedulerProperties();
    assertThat(defaultOf(properties, "apscheduler.jobstores.default.initialize-schema").asString())
        .isEqualTo(InitializeSchema.EMBEDDED.name().toLowerCase(Locale.ROOT));
    assertThat(defaultOf(properties, "apscheduler.jobstores.default.table-name").asString())
        .isEqualTo(JdbcJobStore.DEFAULT_TABLE_NAME);
    assertThat(defaultOf(properties, "apscheduler.jobstores.default.key-prefix").asString())
        .isEqualTo(RedisJobStore.DEFAULT_KEY_PREFIX);
    assertThat(defaultOf(properties, "apscheduler.jobstores.default.collection").asString())
        .isEqualTo(MongoJobStore.DEFAULT_COLLECTION);
  }

  @Test
  void clusterKeysCarryTheJdbcStoresDefaults() throws IOException {
    Map<String, JsonNode> properties = apschedulerProperties();
    assertThat(defaultOf(properties, "apscheduler.cluster.enabled").asBoolean()).isFalse();
    assertThat(
            DurationStyle.detectAndParse(
                defaultOf(properties, "apscheduler.cluster.heartbeat-interval").asString()))
        .isEqualTo(JdbcJobStore.DEFAULT_HEARTBEAT_INTERVAL);
    assertThat(defaultOf(properties, "apscheduler.cluster.missed-heartbeats").asInt())
        .isEqualTo(JdbcJobStore.DEFAULT_MISSED_HEARTBEATS);
    assertThat(
            DurationStyle.detectAndParse(
                defaultOf(properties, "apscheduler.cluster.poll-interval").asString()))
        .isEqualTo(JdbcJobStore.DEFAULT_POLL_INTERVAL);
    assertThat(
            DurationStyle.detectAndParse(
                defaultOf(properties, "apscheduler.cluster.max-clock-skew").asString()))
        .isEqualTo(JdbcJobStore.DEFAULT_MAX_CLOCK_SKEW);
  }

  private static String providerOf(Map<String, JsonNode> hints, String name) {
    assertThat(hints).as("hint of " + name).containsKey(name);
    return hints.get(name).path("providers").get(0).path("name").asString();
  }

  private static JsonNode defaultOf(Map<String, JsonNode> properties, String name) {
    JsonNode value = properties.get(name).get("defaultValue");
    assertThat(value).as("default of " + name).isNotNull();
    return value;
  }

  private static Map<String, JsonNode> apschedulerProperties() throws IOException {
    return apschedulerEntries("properties");
  }

  private static Map<String, JsonNode> apschedulerHints() throws IOException {
    return apschedulerEntries("hints");
  }

  /** The {@code apscheduler.*} entries of one section of the built metadata, by name. */
  private static Map<String, JsonNode> apschedulerEntries(String section) throws IOException {
    JsonMapper mapper = JsonMapper.builder().build();
    Map<String, JsonNode> found = new HashMap<>();
    for (URL url :
        Collections.list(
            ConfigurationMetadataTests.class
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
      try (InputStream in = url.openStream()) {
        for (JsonNode entry : mapper.readTree(in).path(section)) {
          String name = entry.path("name").asString();
          if (name.startsWith("apscheduler.")) {
            found.put(name, entry);
          }
        }
      }
    }
    return found;
  }

  private static List<String> hintValues(JsonNode hint) {
    List<String> values = new ArrayList<>();
    hint.path("values").forEach(value -> values.add(value.path("value").asString()));
    return values;
  }
}
