package dev.apscheduler.spring.annotation;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.LazyInitializationExcludeFilter;

/**
 * Keeps beans with {@link IntervalSchedule}, {@link DateSchedule} or {@link CronSchedule} methods
 * eager under {@code spring.main.lazy-initialization=true}: their jobs are added when the bean is
 * created, so a lazy bean would never have its jobs.
 *
 * <p>Thread-safe.
 */
public final class ScheduleAnnotationLazyInitializationExcludeFilter
    implements LazyInitializationExcludeFilter {

  @Override
  public boolean isExcluded(String beanName, BeanDefinition beanDefinition, Class<?> beanType) {
    return !ScheduleAnnotationBeanPostProcessor.annotatedMethods(beanType).isEmpty();
  }
}
