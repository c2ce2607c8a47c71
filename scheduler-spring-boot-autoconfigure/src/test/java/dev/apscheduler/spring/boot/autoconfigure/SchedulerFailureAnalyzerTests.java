package dev.apscheduler.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SchedulerFailureAnalyzerTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SchedulerAutoConfiguration.class));

  @Test
  void anUnknownStoreTypeNamesThePropertyTheValueAndTheTypes() {
    assertAnalysis(
        "apscheduler.jobstores.default.type=cassandra",
        "apscheduler.jobstores.default.type",
        "'cassandra'",
        "one of [memory, jdbc, file, redis, mongodb]");
  }

  @Test
  void anUnknownSchemaInitializationNamesTheCoreModes() {
    assertAnalysis(
        "apscheduler.jobstores.default.initialize-schema=sometimes",
        "apscheduler.jobstores.default.initialize-schema",
        "'sometimes'",
        "one of embedded, always, never");
  }

  @Test
  void tooFewMaximumThreads() {
    assertAnalysis(
        "apscheduler.threadpool.max-threads=0",
        "apscheduler.threadpool.max-threads",
        "'0'",
        "a whole number of at least 1");
  }

  @Test
  void fewerMaximumThanCoreThreads() {
    runner
        .withPropertyValues(
            "apscheduler.threadpool.core-threads=5", "apscheduler.threadpool.max-threads=2")
        .run(
            context -> {
              FailureAnalysis analysis = analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains("apscheduler.threadpool.max-threads", "'2'", "core-threads (5)");
            });
  }

  @Test
  void negativeCoreThreads() {
    assertAnalysis(
        "apscheduler.threadpool.core-threads=-1",
        "apscheduler.threadpool.core-threads",
        "'-1'",
        "0 or more");
  }

  @Test
  void aMalformedDuration() {
    assertAnalysis(
        "apscheduler.misfire-grace-time=soon",
        "apscheduler.misfire-grace-time",
        "'soon'",
        "a duration such as 1 (seconds), 500ms");
  }

  @Test
  void aNegativeDuration() {
    assertAnalysis(
        "apscheduler.threadpool.keepalive=-5s",
        "apscheduler.threadpool.keepalive",
        "'PT-5S'",
        "not negative");
  }

  @Test
  void anUnknownTimeZone() {
    assertAnalysis(
        "apscheduler.timezone=Mars/Olympus",
        "apscheduler.timezone",
        "'Mars/Olympus'",
        "a time zone id such as UTC");
  }

  @Test
  void aMalformedBoolean() {
    assertAnalysis(
        "apscheduler.coalesce=sometimes", "apscheduler.coalesce", "'sometimes'", "true or false");
  }

  @Test
  void aStoreWithNeitherTypeNorClass() {
    assertAnalysis(
        "apscheduler.jobstores.main.table-name=jobs",
        "apscheduler.jobstores.main.type",
        "(missing)",
        "one of memory, jdbc, file, redis, mongodb, or apscheduler.jobstores.main.class");
  }

  @Test
  void anOptionTheStoreTypeDoesNotTakeIsNamed() {
    assertAnalysis(
        "apscheduler.jobstores.main.type=memory",
        "apscheduler.jobstores.main.path=/tmp/jobs",
        "apscheduler.jobstores.main.path",
        "'/tmp/jobs'",
        "unknown option for this store type");
  }

  @Test
  void aStoreWithBothTypeAndClass() {
    runner
        .withPropertyValues(
            "apscheduler.jobstores.main.type=memory",
            "apscheduler.jobstores.main.class=dev.apscheduler.store.MemoryJobStore")
        .run(
            context ->
                assertThat(analyze(context.getStartupFailure()).getDescription())
                    .contains("apscheduler.jobstores.main.class", "not both"));
  }

  @Test
  void aStoreClassThatDoesNotExist() {
    assertAnalysis(
        "apscheduler.jobstores.main.class=com.example.NoSuchStore",
        "apscheduler.jobstores.main.class",
        "'com.example.NoSuchStore'",
        "the name of a JobStore class");
  }

  @Test
  void aStoreClassThatIsNotAJobStore() {
    assertAnalysis(
        "apscheduler.jobstores.main.class=java.lang.String",
        "apscheduler.jobstores.main.class",
        "'java.lang.String'",
        "implementing dev.apscheduler.store.JobStore");
  }

  @Test
  void otherFailuresAreLeftToOtherAnalyzers() {
    assertThat(new SchedulerFailureAnalyzer().analyze(new IllegalStateException("other"))).isNull();
  }

  @Test
  void theAnalyzerIsRegisteredInSpringFactories() throws IOException {
    StringBuilder all = new StringBuilder();
    for (URL url :
        Collections.list(getClass().getClassLoader().getResources("META-INF/spring.factories"))) {
      try (InputStream in = url.openStream()) {
        all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertThat(all.toString())
        .contains(
            "org.springframework.boot.diagnostics.FailureAnalyzer=\\\n"
                + SchedulerFailureAnalyzer.class.getName());
  }

  private void assertAnalysis(
      String propertyValue, String property, String shownValue, String allowed) {
    assertAnalysis(propertyValue, "apscheduler.enabled=true", property, shownValue, allowed);
  }

  private void assertAnalysis(
      String propertyValue, String otherValue, String property, String shownValue, String allowed) {
    runner
        .withPropertyValues(propertyValue, otherValue)
        .run(
            context -> {
              assertThat(context).hasFailed();
              FailureAnalysis analysis = analyze(context.getStartupFailure());
              assertThat(analysis).isNotNull();
              assertThat(analysis.getDescription())
                  .contains("'" + property + "'")
                  .contains(shownValue)
                  .contains(allowed);
              assertThat(analysis.getAction()).contains(property).contains(allowed);
            });
  }

  private static FailureAnalysis analyze(Throwable failure) {
    return new SchedulerFailureAnalyzer().analyze(failure);
  }
}
