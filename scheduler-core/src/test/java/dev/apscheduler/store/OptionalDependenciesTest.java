package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.apscheduler.TaskRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core on a classpath without its optional dependencies (Jackson, H2, Lettuce, the MongoDB
 * driver): the memory store works, and each persistent store fails with a message naming the
 * dependency to add.
 */
class OptionalDependenciesTest {

  @TempDir Path directory;

  private static URL location(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }

  /** A class loader with the core's classes and the given jars only. */
  private static URLClassLoader coreWith(URL... extra) {
    URL[] urls = new URL[extra.length + 1];
    urls[0] = location(JobStores.class);
    System.arraycopy(extra, 0, urls, 1, extra.length);
    return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
  }

  /** The exception a static method of {@link JobStores} throws in {@code loader}. */
  private static Throwable jobStoresFailure(
      ClassLoader loader, String method, Class<?>[] types, Object... args) throws Exception {
    Method m = loader.loadClass(JobStores.class.getName()).getMethod(method, types);
    Throwable thrown = catchThrowable(() -> m.invoke(null, args));
    assertThat(thrown).isInstanceOf(InvocationTargetException.class);
    return thrown.getCause();
  }

  @Test
  void memoryStoreNeedsNothing() throws Exception {
    try (URLClassLoader loader = coreWith()) {
      Object store =
          loader
              .loadClass(JobStores.class.getName())
              .getMethod("fromOptions", String.class, Map.class)
              .invoke(null, "apscheduler.jobstores.default", Map.of("type", "memory"));
      assertThat(store.getClass().getName()).isEqualTo(MemoryJobStore.class.getName());
    }
  }

  @Test
  void clientLibrariesThatAreMissingAreNamed() throws Exception {
    try (URLClassLoader loader = coreWith()) {
      assertThat(
              jobStoresFailure(
                  loader, "redis", new Class<?>[] {String.class}, "redis://127.0.0.1:6379"))
          .hasMessageContaining("io.lettuce:lettuce-core");
      assertThat(
              jobStoresFailure(
                  loader,
                  "mongodb",
                  new Class<?>[] {String.class, String.class},
                  "mongodb://127.0.0.1",
                  "app"))
          .hasMessageContaining("org.mongodb:mongodb-driver-sync");
      assertThat(
              jobStoresFailure(
                  loader, "file", new Class<?>[] {Path.class}, directory.resolve("jobs")))
          .hasMessageContaining("com.h2database:h2");
    }
  }

  @Test
  void persistentStoreWithoutJacksonFailsAtStartNamingTheDependency() throws Exception {
    try (URLClassLoader loader = coreWith(location(org.h2.Driver.class))) {
      Object store =
          loader
              .loadClass(JobStores.class.getName())
              .getMethod("file", Path.class)
              .invoke(null, directory.resolve("jobs"));
      Object registry =
          loader.loadClass(TaskRegistry.class.getName()).getConstructor().newInstance();
      Class<?> contextType = loader.loadClass(JobStoreContext.class.getName());
      Object context =
          contextType
              .getConstructor(String.class, registry.getClass(), Clock.class)
              .newInstance("default", registry, Clock.systemUTC());
      Method start = loader.loadClass(JobStore.class.getName()).getMethod("start", contextType);

      Throwable thrown = catchThrowable(() -> start.invoke(store, context));

      assertThat(thrown).isInstanceOf(InvocationTargetException.class);
      assertThat(thrown.getCause().getClass().getName())
          .isEqualTo("dev.apscheduler.JobStoreException");
      assertThat(thrown.getCause())
          .hasMessageContaining("tools.jackson.core:jackson-databind")
          .hasMessageContaining("memory store");
    }
  }
}
