package dev.apscheduler.spring.aot;

import java.util.List;
import java.util.concurrent.Executors;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What a native image needs for the scheduler's own reflective lookups: the classes whose presence
 * the stores probe with {@code Class.forName} (H2, Lettuce, the MongoDB driver, Jackson 3), the
 * PostgreSQL driver's notification API that a jdbc store listens with, and the JDK's virtual-thread
 * executor factory that {@code ThreadPoolJobExecutor.virtualThreads()} calls (Java 21 or newer);
 * and the jdbc store's schema files as resources. Registered through {@code
 * META-INF/spring/aot.factories}. Bean methods annotated with the schedule annotations get their
 * hints through {@code @Reflective} on those annotations.
 *
 * <p>What it cannot know: classes named in task references ({@code com.example.Reports::nightly} or
 * a {@code JobFunction} class name) and custom store classes not named in the build's {@code
 * apscheduler.jobstores.*.class} (those {@link SchedulerStoreClassesAotProcessor} registers).
 * Register those with {@code @RegisterReflection}, or register tasks by name ({@code
 * Scheduler.registerTask}), which needs no reflection.
 *
 * <p>Stateless and thread-safe.
 */
public final class SchedulerRuntimeHints implements RuntimeHintsRegistrar {

  /** Classes the core loads by name to tell whether an optional library is present. */
  static final List<String> PROBED_CLASSES =
      List.of(
          "org.h2.jdbcx.JdbcDataSource",
          "io.lettuce.core.RedisClient",
          "com.mongodb.client.MongoClients",
          "tools.jackson.databind.json.JsonMapper");

  static final String PG_CONNECTION = "org.postgresql.PGConnection";

  /** The jdbc store's table definitions, which Flyway or SQL scripts may read from the jar. */
  static final String SCHEMA_FILES = "dev/apscheduler/store/jdbc/schema-*.sql";

  @Override
  public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
    hints.resources().registerPattern(SCHEMA_FILES);
    for (String className : PROBED_CLASSES) {
      hints.reflection().registerType(TypeReference.of(className));
    }
    hints
        .reflection()
        .registerType(
            TypeReference.of(PG_CONNECTION),
            type ->
                type.withMethod(
                    "getNotifications",
                    List.of(TypeReference.of(int.class)),
                    ExecutableMode.INVOKE));
    hints
        .reflection()
        .registerType(
            Executors.class,
            type ->
                type.withMethod(
                    "newVirtualThreadPerTaskExecutor", List.of(), ExecutableMode.INVOKE));
  }
}
