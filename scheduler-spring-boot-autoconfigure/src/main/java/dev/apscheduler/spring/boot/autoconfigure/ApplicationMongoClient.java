package dev.apscheduler.spring.boot.autoconfigure;

import com.mongodb.client.MongoClient;
import dev.apscheduler.store.mongodb.MongoJobStore;
import java.util.function.Function;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoProperties;

/**
 * Connects a mongodb store configured without {@code url} through the application's {@link
 * MongoClient} bean, which Spring Boot builds from {@code spring.mongodb.*} (or a {@code
 * ServiceConnection}) with its SSL bundle and customizers. The store's database is its {@code
 * database} option, else the database of the application's connection string, else {@code
 * spring.mongodb.database}. Used only when Spring Boot's MongoDB module and the sync driver are on
 * the classpath.
 *
 * <p>Stateless and thread-safe.
 */
final class ApplicationMongoClient {

  private ApplicationMongoClient() {}

  /**
   * The builders of mongodb stores without url, by their database option (or {@code null}), or
   * {@code null} if the application has no {@code MongoClient} bean.
   */
  static Function<String, MongoJobStore.Builder> lookup(ListableBeanFactory beanFactory) {
    if (beanFactory.getBeanNamesForType(MongoClient.class, true, false).length == 0) {
      return null;
    }
    return database ->
        MongoJobStore.builder(
            beanFactory.getBean(MongoClient.class),
            database != null ? database : defaultDatabase(beanFactory));
  }

  private static String defaultDatabase(ListableBeanFactory beanFactory) {
    MongoConnectionDetails details =
        beanFactory.getBeanProvider(MongoConnectionDetails.class).getIfAvailable();
    String database = details == null ? null : details.getConnectionString().getDatabase();
    if (database == null) {
      MongoProperties properties =
          beanFactory.getBeanProvider(MongoProperties.class).getIfAvailable();
      database = properties == null ? null : properties.getMongoClientDatabase();
    }
    if (database == null || database.isBlank()) {
      throw new IllegalArgumentException(
          "a database name, or a database in the application's connection string"
              + " (spring.mongodb.uri=mongodb://host/app) or spring.mongodb.database");
    }
    return database;
  }
}
