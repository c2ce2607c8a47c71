package dev.apscheduler.store.jdbc;

/**
 * When {@link JdbcJobStore} creates its table at start, like Spring Boot's own schema initializers.
 * Creation is idempotent ({@code CREATE TABLE IF NOT EXISTS}) and never drops anything.
 *
 * <p>Immutable and thread-safe.
 */
public enum InitializeSchema {
  /** Only for an embedded database (H2 in memory or in a file, not an H2 server). The default. */
  EMBEDDED,
  /** Always; the database user needs the right to create tables. */
  ALWAYS,
  /**
   * Never: the table must exist, created from {@code dev/apscheduler/store/jdbc/schema-*.sql} in
   * this jar (with Flyway, Liquibase or by hand).
   */
  NEVER
}
