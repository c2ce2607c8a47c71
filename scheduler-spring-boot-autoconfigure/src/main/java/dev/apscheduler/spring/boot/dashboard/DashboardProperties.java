package dev.apscheduler.spring.boot.dashboard;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code apscheduler.dashboard.*} properties: whether the web dashboard is served, where, and
 * whether it may change jobs.
 *
 * <p>Not thread-safe; bound once at start-up.
 */
@ConfigurationProperties("apscheduler.dashboard")
public class DashboardProperties {

  /** The default path of the dashboard. */
  public static final String DEFAULT_PATH = "/apscheduler";

  /** Whether the dashboard is served (Spring MVC applications only). */
  private boolean enabled;

  /** The path of the dashboard on the application's port, such as /apscheduler. */
  private String path = DEFAULT_PATH;

  /** Whether the dashboard only shows jobs; false adds pause, resume, run now and delete. */
  private boolean readOnly = true;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getPath() {
    return path;
  }

  /**
   * Sets the path.
   *
   * @throws IllegalArgumentException unless it starts with a slash, does not end with one, and has
   *     no characters a URL path cannot take as they are
   */
  public void setPath(String path) {
    if (path == null
        || !path.matches("(/[A-Za-z0-9._~-]+)+")
        || path.contains("/./")
        || path.contains("/../")) {
      throw new IllegalArgumentException(
          "apscheduler.dashboard.path: '"
              + path
              + "' is not a valid path; expected a slash and path segments of letters, digits,"
              + " '.', '_', '~' or '-', without a trailing slash, such as /apscheduler");
    }
    this.path = path;
  }

  public boolean isReadOnly() {
    return readOnly;
  }

  public void setReadOnly(boolean readOnly) {
    this.readOnly = readOnly;
  }
}
