package dev.apscheduler.spring.boot.dashboard;

import dev.apscheduler.Scheduler;
import dev.apscheduler.spring.boot.actuate.SchedulerJobStatistics;
import dev.apscheduler.spring.boot.autoconfigure.SchedulerAutoConfiguration;
import dev.apscheduler.spring.boot.autoconfigure.SchedulerEndpointAutoConfiguration;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Auto-configures the scheduler's web dashboard when {@code apscheduler.dashboard.enabled=true} in
 * a Spring MVC application with a {@link Scheduler}: its JSON API, its page and the files the page
 * loads, at {@code apscheduler.dashboard.path} on the application's own port. WebFlux applications
 * get no dashboard (yet).
 */
@AutoConfiguration(
    after = {SchedulerAutoConfiguration.class, SchedulerEndpointAutoConfiguration.class})
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
@ConditionalOnBooleanProperty("apscheduler.dashboard.enabled")
@ConditionalOnBean(Scheduler.class)
@EnableConfigurationProperties(DashboardProperties.class)
@ImportRuntimeHints(DashboardAutoConfiguration.PageFiles.class)
public final class DashboardAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  SchedulerJobStatistics schedulerJobStatistics() {
    return new SchedulerJobStatistics();
  }

  @Bean
  @ConditionalOnMissingBean
  DashboardActivity dashboardActivity() {
    return new DashboardActivity();
  }

  @Bean
  @ConditionalOnMissingBean
  DashboardService dashboardService(
      Scheduler scheduler, SchedulerJobStatistics statistics, DashboardActivity activity) {
    return new DashboardService(scheduler, statistics, activity);
  }

  @Bean
  @ConditionalOnMissingBean
  DashboardController dashboardController(
      DashboardService service, DashboardProperties properties) {
    return new DashboardController(service, properties);
  }

  @Bean
  @ConditionalOnMissingBean
  DashboardResources dashboardResources(DashboardProperties properties) {
    return new DashboardResources(properties.getPath());
  }

  /** Serves the page's files under the dashboard's path. */
  static final class DashboardResources implements WebMvcConfigurer {
    private final String path;

    DashboardResources(String path) {
      this.path = path;
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
      registry
          .addResourceHandler(path + "/assets/**")
          .addResourceLocations("classpath:/" + DashboardController.RESOURCES + "assets/")
          .setCacheControl(CacheControl.noCache());
    }
  }

  /** The page's files as resources of a native image. */
  static final class PageFiles implements RuntimeHintsRegistrar {
    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
      hints.resources().registerPattern(DashboardController.RESOURCES + "**");
    }
  }
}
