package dev.apscheduler.demo;

import org.springframework.boot.SpringApplication;

/**
 * Runs the demo against PostgreSQL in a Testcontainers container, its jobs in the jdbc store:
 * {@code mvn -pl demo-app -am spring-boot:test-run} (needs a Docker engine).
 */
public final class TestDemoApplication {

  private TestDemoApplication() {}

  public static void main(String[] args) {
    SpringApplication.from(DemoApplication::main)
        .with(PostgresContainerConfiguration.class)
        .withAdditionalProfiles("postgres")
        .run(args);
  }
}
