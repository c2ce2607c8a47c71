package dev.apscheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apscheduler.store.MemoryJobStore;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Scheduler#fromProperties}: the guide's {@code apscheduler.}-prefixed configuration. */
class SchedulerPropertiesTest {

  @Test
  void readsEveryOption() {
    Scheduler scheduler =
        Scheduler.fromProperties(
            Map.of(
                "apscheduler.misfire_grace_time", "2.5",
                "apscheduler.coalesce", "true",
                "apscheduler.standalone", false,
                "apscheduler.daemonic", "False",
                "apscheduler.timezone", "Europe/Berlin",
                "apscheduler.threadpool.core_threads", "2",
                "apscheduler.threadpool.max_threads", 5,
                "apscheduler.threadpool.keepalive", "10s",
                "apscheduler.jobstores.other.type", "memory",
                "unrelated.key", "ignored"));

    SchedulerOptions options = scheduler.options();
    assertThat(options.misfireGraceTime()).isEqualTo(Duration.ofMillis(2500));
    assertThat(options.coalesce()).isTrue();
    assertThat(options.standalone()).isFalse();
    assertThat(options.daemonic()).isFalse();
    assertThat(options.timezone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(options.coreThreads()).isEqualTo(2);
    assertThat(options.maxThreads()).isEqualTo(5);
    assertThat(options.keepAlive()).isEqualTo(Duration.ofSeconds(10));
    assertThat(scheduler.executor().maxThreads()).isEqualTo(5);
    assertThat(scheduler.jobStores()).containsOnlyKeys("other");
    scheduler.start();
    assertThat(scheduler.jobStores()).containsKeys("default", "other");
    scheduler.shutdown();
  }

  @Test
  void defaultsAreTheGuidesTable() {
    SchedulerOptions options = Scheduler.fromProperties(Map.of()).options();
    assertThat(options.misfireGraceTime()).isEqualTo(Duration.ofSeconds(1));
    assertThat(options.coalesce()).isFalse();
    assertThat(options.standalone()).isFalse();
    assertThat(options.daemonic()).isTrue();
    assertThat(options.coreThreads()).isZero();
    assertThat(options.maxThreads()).isEqualTo(20);
    assertThat(options.keepAlive()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void allowedTaskPackagesAreAListOfPackageNames() {
    assertThat(Scheduler.fromProperties(Map.of()).tasks().allowedPackages()).isEmpty();
    assertThat(
            Scheduler.fromProperties(
                    Map.of("apscheduler.allowed_task_packages", "com.example.jobs, org.acme ,"))
                .tasks()
                .allowedPackages())
        .containsExactly("com.example.jobs", "org.acme");
    assertThat(
            Scheduler.fromProperties(
                    Map.of("apscheduler.allowed-task-packages", java.util.List.of("com.example")))
                .tasks()
                .allowedPackages())
        .containsExactly("com.example");
    assertThatThrownBy(
            () -> Scheduler.fromProperties(Map.of("apscheduler.allowed_task_packages", "com.*")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apscheduler.allowed_task_packages")
        .hasMessageContaining("package names");
  }

  @Test
  void hyphenatedKeysAreAcceptedToo() {
    Scheduler scheduler =
        Scheduler.fromProperties(Map.of("apscheduler.misfire-grace-time", "PT3S"));
    assertThat(scheduler.options().misfireGraceTime()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aCustomStoreClassIsCreatedWithItsOptions() {
    Scheduler scheduler =
        Scheduler.fromProperties(
            Map.of(
                "apscheduler.jobstores.custom.class",
                OptionsStore.class.getName(),
                "apscheduler.jobstores.custom.flavour",
                "vanilla"));
    assertThat(scheduler.jobStores().get("custom"))
        .isInstanceOfSatisfying(
            OptionsStore.class, s -> assertThat(s.options).containsEntry("flavour", "vanilla"));
  }

  /** A store configured through its options map. */
  public static final class OptionsStore extends dev.apscheduler.store.ForwardingStore {
    final Map<String, Object> options;

    public OptionsStore(Map<String, Object> options) {
      super(new MemoryJobStore());
      this.options = options;
    }
  }

  @Test
  void badValuesNameTheKeyAndWhatIsAccepted() {
    assertThatThrownBy(() -> Scheduler.fromProperties(Map.of("apscheduler.coalesce", "yes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("apscheduler.coalesce: 'yes' is not valid; expected true or false");
    assertThatThrownBy(
            () -> Scheduler.fromProperties(Map.of("apscheduler.misfire_grace_time", "soon")))
        .hasMessageContaining("apscheduler.misfire_grace_time: 'soon'")
        .hasMessageContaining("duration");
    assertThatThrownBy(
            () -> Scheduler.fromProperties(Map.of("apscheduler.threadpool.max_threads", "0")))
        .hasMessageContaining("apscheduler.threadpool.max_threads: '0'")
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> Scheduler.fromProperties(Map.of("apscheduler.timezone", "Mars/Base")))
        .hasMessageContaining("apscheduler.timezone: 'Mars/Base'")
        .hasMessageContaining("time zone id");
    assertThatThrownBy(
            () ->
                Scheduler.fromProperties(
                    Map.of(
                        "apscheduler.threadpool.core_threads", "5",
                        "apscheduler.threadpool.max_threads", "2")))
        .hasMessageContaining("max_threads");
  }

  @Test
  void unknownKeysAndStoreTypesAreRefused() {
    assertThatThrownBy(() -> Scheduler.fromProperties(Map.of("apscheduler.coalesse", "true")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apscheduler.coalesse: unknown option")
        .hasMessageContaining("misfire_grace_time");
    assertThatThrownBy(
            () -> Scheduler.fromProperties(Map.of("apscheduler.jobstores.x.type", "cassandra")))
        .hasMessageContaining("apscheduler.jobstores.x.type: 'cassandra'")
        .hasMessageContaining("memory");
    assertThatThrownBy(
            () -> Scheduler.fromProperties(Map.of("apscheduler.jobstores.x.path", "/tmp/x")))
        .hasMessageContaining("apscheduler.jobstores.x.type: missing");
    assertThatThrownBy(
            () ->
                Scheduler.fromProperties(
                    Map.of("apscheduler.jobstores.x.class", "com.example.Missing")))
        .hasMessageContaining("apscheduler.jobstores.x.class: 'com.example.Missing'");
  }
}
