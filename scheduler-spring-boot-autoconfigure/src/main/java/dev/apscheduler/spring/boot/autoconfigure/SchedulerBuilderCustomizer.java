package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.SchedulerBuilder;

/**
 * Customizes the {@link SchedulerBuilder} of the auto-configured scheduler after the {@code
 * apscheduler.*} properties have been applied. Customizer beans are applied in their {@link
 * org.springframework.core.Ordered order}.
 *
 * <p>Called once, on the thread that creates the scheduler bean.
 */
@FunctionalInterface
public interface SchedulerBuilderCustomizer {

  /** Customizes the builder. */
  void customize(SchedulerBuilder builder);
}
