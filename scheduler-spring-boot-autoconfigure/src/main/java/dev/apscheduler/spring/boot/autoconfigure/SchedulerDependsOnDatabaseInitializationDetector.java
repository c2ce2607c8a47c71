package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.Scheduler;
import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;

/**
 * Orders every {@link Scheduler} bean, the application's own as well as the auto-configured one,
 * after the database initializers (Flyway, Liquibase, SQL scripts), so a JDBC job store finds its
 * tables migrated. Registered in {@code META-INF/spring.factories}.
 *
 * <p>Thread-safe.
 */
public final class SchedulerDependsOnDatabaseInitializationDetector
    extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

  @Override
  protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
    return Set.of(Scheduler.class);
  }
}
