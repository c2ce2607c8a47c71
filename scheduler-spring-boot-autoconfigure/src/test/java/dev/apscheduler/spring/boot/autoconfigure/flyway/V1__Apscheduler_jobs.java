package dev.apscheduler.spring.boot.autoconfigure.flyway;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * A Flyway migration that creates the job store's tables from the schema shipped in the core jar,
 * as an application would when it manages the schema with Flyway ({@code initialize-schema=never}).
 */
public class V1__Apscheduler_jobs extends BaseJavaMigration {

  @Override
  public void migrate(Context context) {
    ScriptUtils.executeSqlScript(
        context.getConnection(), new ClassPathResource("dev/apscheduler/store/jdbc/schema-h2.sql"));
  }
}
