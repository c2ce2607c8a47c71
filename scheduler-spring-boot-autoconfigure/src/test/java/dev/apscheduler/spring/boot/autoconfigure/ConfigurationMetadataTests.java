package dev.apscheduler.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.SchedulerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The built classes carry configuration metadata documenting every key and the core defaults. */
class ConfigurationMetadataTests {

  @Test
  void metadataDescribesEveryApschedulerKeyWithTheCoreDefaults() throws IOException {
    Map<String, JsonNode> properties = apschedulerProperties();
    assertThat(properties)
        .containsKeys(
            "apscheduler.enabled",
            "apscheduler.misfire-grace-time",
            "apscheduler.coalesce",
            "apscheduler.standalone",
            "apscheduler.daemonic",
            "apscheduler.timezone",
            "apscheduler.threadpool.core-threads",
            "apscheduler.threadpool.max-threads",
            "apscheduler.threadpool.keepalive",
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

  private static JsonNode defaultOf(Map<String, JsonNode> properties, String name) {
    JsonNode value = properties.get(name).get("defaultValue");
    assertThat(value).as("default of " + name).isNotNull();
    return value;
  }

  private static Map<String, JsonNode> apschedulerProperties() throws IOException {
    JsonMapper mapper = JsonMapper.builder().build();
    Map<String, JsonNode> found = new HashMap<>();
    for (URL url :
        Collections.list(
            ConfigurationMetadataTests.class
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
      try (InputStream in = url.openStream()) {
        for (JsonNode property : mapper.readTree(in).path("properties")) {
          String name = property.path("name").asString();
          if (name.startsWith("apscheduler.")) {
            found.put(name, property);
          }
        }
      }
    }
    return found;
  }
}
