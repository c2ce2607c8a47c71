package dev.apscheduler.spring.boot.actuate;

import java.util.HashSet;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the {@code scheduler} endpoint under {@code management.endpoint.scheduler}.
 *
 * <p>Not thread-safe: bound once at start-up, then only read.
 */
@ConfigurationProperties("management.endpoint.scheduler")
public class SchedulerEndpointProperties {

  /**
   * When to show job argument values, the last run's exception text, and the exception messages and
   * stack traces of the run history unmasked (then through the application's SanitizingFunction
   * beans); otherwise they are shown as ****** (stack traces not at all).
   */
  private Show showValues = Show.NEVER;

  /**
   * Roles that may see unmasked values when show-values is when-authorized; any authenticated user
   * if empty.
   */
  private final Set<String> roles = new HashSet<>();

  public Show getShowValues() {
    return showValues;
  }

  public void setShowValues(Show showValues) {
    this.showValues = showValues;
  }

  public Set<String> getRoles() {
    return roles;
  }
}
