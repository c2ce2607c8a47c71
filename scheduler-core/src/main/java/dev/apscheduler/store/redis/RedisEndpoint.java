package dev.apscheduler.store.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import java.time.Duration;

/**
 * Where a {@link RedisJobStore} connects: a URI as text or a Lettuce {@link RedisURI}, and the TLS
 * material if the application gave some.
 *
 * <p>Immutable and thread-safe (the store sets the timeout of a given {@code RedisURI} once, when
 * it starts).
 *
 * @param url the URI as text, or {@code null} if {@code uri} is given
 * @param uri the URI, or {@code null} if {@code url} is given
 * @param sslOptions the key and trust material of TLS connections, or {@code null}
 */
record RedisEndpoint(String url, RedisURI uri, SslOptions sslOptions) {

  /**
   * A client of the endpoint whose commands fail after {@code timeout}, and fail at once while the
   * connection is down (so that the scheduler backs off and retries).
   *
   * @throws IllegalArgumentException if the URI text is not a Redis URI
   */
  RedisClient newClient(Duration timeout) {
    RedisURI target = uri != null ? uri : parse(url);
    target.setTimeout(timeout);
    RedisClient client = RedisClient.create(target);
    ClientOptions.Builder options =
        ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(timeout));
    if (sslOptions != null) {
      options.sslOptions(sslOptions);
    }
    client.setOptions(options.build());
    return client;
  }

  private static RedisURI parse(String url) {
    try {
      return RedisURI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "url: '" + url + "' is not a Redis URI such as redis://127.0.0.1:6379/0", e);
    }
  }

  @Override
  public String toString() {
    return uri != null ? uri.toString() : url;
  }
}
