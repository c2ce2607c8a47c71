package dev.apscheduler.spring.aot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.JobContext;
import dev.apscheduler.spring.annotation.CronSchedule;
import dev.apscheduler.spring.annotation.DateSchedule;
import dev.apscheduler.spring.annotation.IntervalSchedule;
import dev.apscheduler.spring.boot.autoconfigure.SchedulerAutoConfiguration;
import dev.apscheduler.store.MemoryJobStore;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.javapoet.ClassName;

/** The hints a native image of a scheduler application gets from ahead-of-time processing. */
class SchedulerRuntimeHintsTests {

  @Test
  void theRegistrarCoversTheCoresReflectiveLookups() {
    RuntimeHints hints = new RuntimeHints();
    new SchedulerRuntimeHints().registerHints(hints, getClass().getClassLoader());

    for (String probed : SchedulerRuntimeHints.PROBED_CLASSES) {
      assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(probed)))
          .as(probed)
          .accepts(hints);
    }
    assertThat(
            hints
                .reflection()
                .getTypeHint(TypeReference.of(SchedulerRuntimeHints.PG_CONNECTION))
                .methods())
        .anySatisfy(
            method -> {
              assertThat(method.getName()).isEqualTo("getNotifications");
              assertThat(method.getParameterTypes()).containsExactly(TypeReference.of(int.class));
              assertThat(method.getMode()).isEqualTo(ExecutableMode.INVOKE);
            });
    for (String schema : List.of("h2", "postgresql", "mariadb")) {
      assertThat(
              RuntimeHintsPredicates.resource()
                  .forResource("dev/apscheduler/store/jdbc/schema-" + schema + ".sql"))
          .accepts(hints);
    }
    assertThat(hints.reflection().getTypeHint(Executors.class).methods())
        .anySatisfy(
            method -> {
              assertThat(method.getName()).isEqualTo("newVirtualThreadPerTaskExecutor");
              assertThat(method.getMode()).isEqualTo(ExecutableMode.INVOKE);
            });
  }

  @Test
  void aotProcessingRegistersAnnotatedBeanMethodsForInvocationAndTheRegistrar() {
    RuntimeHints hints = processAheadOfTime(JobsConfiguration.class);

    for (String method : List.of("everyMinute", "nightly", "once")) {
      assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Jobs.class, method))
          .as(method)
          .accepts(hints);
    }
    assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Jobs.class, "helper"))
        .as("a method without a schedule annotation")
        .rejects(hints);
    assertThat(
            RuntimeHintsPredicates.reflection()
                .onType(TypeReference.of("io.lettuce.core.RedisClient")))
        .as("SchedulerRuntimeHints, found through META-INF/spring/aot.factories")
        .accepts(hints);
  }

  @Test
  void customStoreClassesNamedInTheBuildsPropertiesAreRegisteredForConstruction() throws Exception {
    RuntimeHints hints =
        processAheadOfTime(
            JobsConfiguration.class,
            "apscheduler.jobstores.custom.class=dev.apscheduler.store.MemoryJobStore");
    RuntimeHints without = processAheadOfTime(JobsConfiguration.class);

    assertThat(
            RuntimeHintsPredicates.reflection()
                .onConstructorInvocation(MemoryJobStore.class.getConstructor()))
        .accepts(hints)
        .rejects(without);
  }

  private static RuntimeHints processAheadOfTime(Class<?> configuration, String... properties) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    TestPropertyValues.of(properties).applyTo(context);
    context.register(SchedulerAutoConfiguration.class, configuration);
    DefaultGenerationContext generation =
        new DefaultGenerationContext(
            new ClassNameGenerator(ClassName.get(configuration)), new InMemoryGeneratedFiles());
    new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
    return generation.getRuntimeHints();
  }

  @Configuration(proxyBeanMethods = false)
  static class JobsConfiguration {
    @Bean
    Jobs jobs() {
      return new Jobs();
    }
  }

  static class Jobs {
    @IntervalSchedule(minutes = 1)
    void everyMinute(JobContext context) {}

    @CronSchedule(hour = "2", minute = "0")
    public void nightly() {}

    @DateSchedule(runDate = "2030-01-01")
    void once() {}

    public void helper() {}
  }
}
