package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.store.redis.RedisJobStore;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import java.util.function.Supplier;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.ssl.SslBundle;

/**
 * Connects a redis store configured without {@code url} as the application connects to Redis: from
 * its {@link DataRedisConnectionDetails} ({@code spring.data.redis.*}, or a {@code
 * ServiceConnection}), with its SSL bundle. A standalone server and a Sentinel-monitored master are
 * supported; a Redis Cluster or a static master/replica setup is refused, because the store's
 * scripts need both of its keys on one server. Used only when Spring Boot's Redis module and
 * Lettuce are on the classpath.
 *
 * <p>Stateless and thread-safe.
 */
final class ApplicationRedisConnection {

  private ApplicationRedisConnection() {}

  /**
   * The builders of redis stores without url, or {@code null} if the application has no Redis
   * connection details.
   */
  static Supplier<RedisJobStore.Builder> lookup(ListableBeanFactory beanFactory) {
    if (beanFactory.getBeanNamesForType(DataRedisConnectionDetails.class, true, false).length
        == 0) {
      return null;
    }
    return () ->
        builder(
            beanFactory.getBean(DataRedisConnectionDetails.class),
            beanFactory.getBeanProvider(DataRedisProperties.class).getIfAvailable());
  }

  /**
   * A store builder on the server that {@code details} describe.
   *
   * @param properties the application's {@code spring.data.redis.*}, for {@code ssl.enabled}
   * @throws IllegalArgumentException saying what is expected, for a cluster or master/replica
   */
  static RedisJobStore.Builder builder(
      DataRedisConnectionDetails details, DataRedisProperties properties) {
    if (details.getCluster() != null || details.getMasterReplica() != null) {
      throw new IllegalArgumentException(
          "a Redis URI: the application connects to a Redis Cluster or master/replica set"
              + " (spring.data.redis.cluster.* or .masterreplica.*), and the redis store needs a"
              + " standalone server or a Sentinel-monitored master");
    }
    RedisURI.Builder uri;
    DataRedisConnectionDetails.Sentinel sentinel = details.getSentinel();
    if (sentinel != null) {
      uri = RedisURI.builder().withSentinelMasterId(sentinel.getMaster());
      uri.withDatabase(sentinel.getDatabase());
      for (DataRedisConnectionDetails.Node node : sentinel.getNodes()) {
        RedisURI.Builder sentinelUri = RedisURI.Builder.redis(node.host(), node.port());
        authenticate(sentinelUri, sentinel.getUsername(), sentinel.getPassword());
        uri.withSentinel(sentinelUri.build());
      }
    } else {
      DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
      uri =
          RedisURI.Builder.redis(standalone.getHost(), standalone.getPort())
              .withDatabase(standalone.getDatabase());
    }
    authenticate(uri, details.getUsername(), details.getPassword());
    SslBundle bundle = details.getSslBundle();
    uri.withSsl(bundle != null || sslEnabled(properties));
    if (properties != null && properties.getClientName() != null) {
      uri.withClientName(properties.getClientName());
    }
    RedisJobStore.Builder store = RedisJobStore.builder(uri.build());
    if (bundle != null) {
      store.sslOptions(sslOptions(bundle));
    }
    return store;
  }

  private static boolean sslEnabled(DataRedisProperties properties) {
    return properties != null
        && (properties.getSsl().isEnabled()
            || (properties.getUrl() != null && properties.getUrl().startsWith("rediss:")));
  }

  private static void authenticate(RedisURI.Builder uri, String username, String password) {
    if (password == null) {
      return;
    }
    if (username == null) {
      uri.withPassword(password.toCharArray());
    } else {
      uri.withAuthentication(username, password.toCharArray());
    }
  }

  /** Lettuce's form of the bundle's key and trust material, protocols and ciphers. */
  static SslOptions sslOptions(SslBundle bundle) {
    SslOptions.Builder options =
        SslOptions.builder()
            .jdkSslProvider()
            .keyManager(bundle.getManagers().getKeyManagerFactory())
            .trustManager(bundle.getManagers().getTrustManagerFactory());
    if (bundle.getOptions().getCiphers() != null) {
      options.cipherSuites(bundle.getOptions().getCiphers());
    }
    if (bundle.getOptions().getEnabledProtocols() != null) {
      options.protocols(bundle.getOptions().getEnabledProtocols());
    }
    return options.build();
  }
}
