package dev.apscheduler.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.Scheduler;
import dev.apscheduler.TaskRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * {@code apscheduler.allowed-task-packages}: which classes and static methods jobs read from a
 * persistent store may run; by default those of the application's own base package.
 */
public class AllowedTaskPackagesTests {

  private static final String OWN_METHOD = AllowedTaskPackagesTests.class.getName() + "::tick";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withPropertyValues("apscheduler.auto-startup=false")
          .withConfiguration(
              AutoConfigurations.of(
                  LifecycleAutoConfiguration.class, SchedulerAutoConfiguration.class));

  /** A task in the application's (this test's) own package. */
  public static void tick() {}

  /**
   * Marks this test's package as the application's base package, as @SpringBootApplication does.
   */
  @Configuration(proxyBeanMethods = false)
  @AutoConfigurationPackage
  static class Application {}

  private static TaskRegistry tasks(org.springframework.context.ApplicationContext context) {
    return context.getBean(Scheduler.class).tasks();
  }

  @Test
  void defaultIsTheApplicationsBasePackage() {
    runner
        .withUserConfiguration(Application.class)
        .run(
            context -> {
              TaskRegistry tasks = tasks(context);
              assertThat(tasks.allowedPackages())
                  .containsExactly(AllowedTaskPackagesTests.class.getPackageName());
              assertThat(tasks.resolve(OWN_METHOD).isResolved()).isTrue();
              assertThat(tasks.resolve("java.lang.System::exit").problem())
                  .contains("apscheduler.allowed-task-packages");
            });
  }

  /** A bean of a class outside the application's packages. */
  @Configuration(proxyBeanMethods = false)
  static class OutsideBean {
    @org.springframework.context.annotation.Bean
    java.util.concurrent.atomic.AtomicInteger counter() {
      return new java.util.concurrent.atomic.AtomicInteger();
    }

    @org.springframework.context.annotation.Bean
    AllowedTaskPackagesTests own() {
      return new AllowedTaskPackagesTests();
    }
  }

  /** A bean method of the application's own. */
  public void beat() {}

  @Test
  void storedBeanMethodsRunOnlyForBeansOfAllowedPackagesOrWhenGivenInCode() {
    runner
        .withUserConfiguration(Application.class, OutsideBean.class)
        .run(
            context -> {
              TaskRegistry tasks = tasks(context);
              assertThat(tasks.resolve("own::beat").isResolved()).isTrue();
              assertThat(tasks.resolve("counter::incrementAndGet").problem())
                  .contains("not in a package allowed", "apscheduler.allowed-task-packages");

              assertThat(tasks.taskFor("counter::incrementAndGet").isResolved()).isTrue();
              assertThat(tasks.resolve("counter::incrementAndGet").isResolved())
                  .as("given in code, so its stored rows run too")
                  .isTrue();
            });
  }

  @Test
  void withoutABasePackageNoneIsAllowed() {
    runner.run(
        context -> {
          assertThat(tasks(context).allowedPackages()).isEmpty();
          assertThat(tasks(context).resolve(OWN_METHOD).isResolved()).isFalse();
        });
  }

  @Test
  void thePropertyReplacesTheDefault() {
    runner
        .withUserConfiguration(Application.class)
        .withPropertyValues("apscheduler.allowed-task-packages=com.example.jobs, org.acme")
        .run(
            context -> {
              assertThat(tasks(context).allowedPackages())
                  .containsExactly("com.example.jobs", "org.acme");
              assertThat(tasks(context).resolve(OWN_METHOD).isResolved()).isFalse();
            });
  }

  @Test
  void anEmptyValueAllowsNone() {
    runner
        .withUserConfiguration(Application.class)
        .withPropertyValues("apscheduler.allowed-task-packages=")
        .run(context -> assertThat(tasks(context).allowedPackages()).isEmpty());
  }

  @Test
  void aValueThatIsNotAPackageNameFailsStartUpNamingTheProperty() {
    runner
        .withPropertyValues("apscheduler.allowed-task-packages=com.example.*")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(InvalidSchedulerPropertyException.class)
                    .hasMessageContaining("apscheduler.allowed-task-packages")
                    .hasMessageContaining("com.example.*"));
  }
}
