package dev.apscheduler.demo;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Where the PostgreSQL tests find their database: at {@code APSCHEDULER_TEST_POSTGRES_URL} (with
 * {@code ..._USER} and {@code ..._PASSWORD}) when it is set, else in a Testcontainers container
 * when a Docker engine answers. With neither, the tests are skipped, except under {@code CI=true},
 * where they fail. Stateless and thread-safe.
 */
public final class PostgresAvailable implements ExecutionCondition, BeforeAllCallback {

  /** The address from the environment, or {@code null} if none is set. */
  static String configuredUrl() {
    return env("APSCHEDULER_TEST_POSTGRES_URL");
  }

  static String configuredUser() {
    String user = env("APSCHEDULER_TEST_POSTGRES_USER");
    return user == null ? "postgres" : user;
  }

  static String configuredPassword() {
    String password = env("APSCHEDULER_TEST_POSTGRES_PASSWORD");
    return password == null ? "" : password;
  }

  /** Whether the tests run a container: no address is set and a Docker engine answers. */
  static boolean usesContainer() {
    return configuredUrl() == null && DockerClientFactory.instance().isDockerAvailable();
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (configuredUrl() != null) {
      return ConditionEvaluationResult.enabled("PostgreSQL at " + configuredUrl());
    }
    if (usesContainer()) {
      return ConditionEvaluationResult.enabled("PostgreSQL in a Testcontainers container");
    }
    if (ci()) {
      return ConditionEvaluationResult.enabled("CI=true: the missing database fails the tests");
    }
    return ConditionEvaluationResult.disabled(unavailable());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (configuredUrl() == null && !usesContainer()) {
      Assertions.fail(unavailable() + " [CI=true: a missing service fails the build]");
    }
  }

  private static String unavailable() {
    return "No PostgreSQL for the tests: APSCHEDULER_TEST_POSTGRES_URL is not set and no Docker"
        + " engine answers";
  }

  private static boolean ci() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  private static String env(String name) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? null : value;
  }
}
