package dev.apscheduler.spring.aot;

import dev.apscheduler.spring.boot.autoconfigure.JobStoreProperties;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.TypeReference;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Registers the custom store classes named in the build's {@code
 * apscheduler.jobstores.<alias>.class} for reflective construction, as the core creates them
 * ({@code getConstructor(Map)} or {@code getConstructor()}, then {@code newInstance}). Only the
 * properties seen during ahead-of-time processing count: a class named only at run time needs a
 * hint of the application's own. Registered through {@code META-INF/spring/aot.factories}.
 *
 * <p>Stateless and thread-safe.
 */
public final class SchedulerStoreClassesAotProcessor
    implements BeanFactoryInitializationAotProcessor {

  @Override
  public BeanFactoryInitializationAotContribution processAheadOfTime(
      ConfigurableListableBeanFactory beanFactory) {
    if (!beanFactory.containsBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME)) {
      return null;
    }
    Environment environment =
        beanFactory.getBean(
            ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME, Environment.class);
    Map<String, JobStoreProperties> stores =
        Binder.get(environment)
            .bind("apscheduler.jobstores", Bindable.mapOf(String.class, JobStoreProperties.class))
            .orElse(Map.of());
    TreeSet<String> classNames = new TreeSet<>();
    stores.values().stream()
        .map(JobStoreProperties::getClassName)
        .filter(className -> className != null && !className.isBlank())
        .forEach(className -> classNames.add(className.trim()));
    if (classNames.isEmpty()) {
      return null;
    }
    return (generationContext, code) ->
        classNames.forEach(
            className ->
                generationContext
                    .getRuntimeHints()
                    .reflection()
                    .registerType(
                        TypeReference.of(className), MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS));
  }
}
