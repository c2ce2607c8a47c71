package dev.apscheduler.demo;

import dev.apscheduler.spring.boot.autoconfigure.SchedulerBuilderCustomizer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The demo application: a Spring Boot app that schedules jobs with the APScheduler starter. */
@SpringBootApplication
public class DemoApplication {

  /** Records every run, so that the dashboard shows each job's run history. */
  @Bean
  SchedulerBuilderCustomizer runHistory() {
    return builder -> builder.runHistory(true);
  }

  public static void main(String[] args) {
    SpringApplication.run(DemoApplication.class, args);
  }
}
