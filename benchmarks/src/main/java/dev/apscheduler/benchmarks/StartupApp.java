package dev.apscheduler.benchmarks;

import dev.apscheduler.Scheduler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The application the startup scenario starts in a fresh JVM: a plain auto-configured Spring Boot
 * context, or the same with this project's scheduler. With the starter's auto-configuration on the
 * class path, "plain" excludes it; without it, "scheduler" declares a {@link Scheduler} bean the
 * way an application would. Prints one line of timings for the parent to read.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StartupApp {

  private static final String IMPORTS =
      "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

  /** Usage: {@code StartupApp plain|scheduler}. */
  public static void main(String[] args) throws IOException {
    long start = System.nanoTime();
    boolean withScheduler = args.length > 0 && args[0].equals("scheduler");
    List<String> starter = starterAutoConfigurations();
    SpringApplication app = new SpringApplication(StartupApp.class);
    app.setBannerMode(Banner.Mode.OFF);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setLogStartupInfo(false);
    Map<String, Object> properties = new HashMap<>();
    properties.put("logging.level.root", "WARN");
    if (!withScheduler && !starter.isEmpty()) {
      properties.put("spring.autoconfigure.exclude", String.join(",", starter));
    }
    app.setDefaultProperties(properties);
    if (withScheduler && starter.isEmpty()) {
      app.addInitializers(
          context ->
              ((GenericApplicationContext) context)
                  .registerBean(
                      Scheduler.class,
                      () -> Scheduler.builder().build(),
                      bean -> {
                        bean.setInitMethodName("start");
                        bean.setDestroyMethodName("shutdown");
                      }));
    }
    try (ConfigurableApplicationContext context = app.run()) {
      long ready = System.nanoTime();
      Scheduler scheduler = context.getBeanProvider(Scheduler.class).getIfAvailable();
      if (withScheduler != (scheduler != null && scheduler.isRunning())) {
        throw new IllegalStateException(
            "expected " + (withScheduler ? "a running" : "no") + " scheduler, got " + scheduler);
      }
      System.out.println(
          "STARTUP context_ms="
              + (ready - start) / 1e6
              + " jvm_uptime_ms="
              + ManagementFactory.getRuntimeMXBean().getUptime()
              + " starter="
              + !starter.isEmpty());
    }
  }

  private static List<String> starterAutoConfigurations() throws IOException {
    List<String> found = new ArrayList<>();
    Enumeration<URL> resources = StartupApp.class.getClassLoader().getResources(IMPORTS);
    while (resources.hasMoreElements()) {
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(
                  resources.nextElement().openStream(), StandardCharsets.UTF_8))) {
        reader
            .lines()
            .map(String::strip)
            .filter(line -> line.startsWith("dev.apscheduler."))
            .forEach(found::add);
      }
    }
    return found;
  }
}
