package dev.apscheduler.spring.boot.autoconfigure;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Reports invalid {@code apscheduler.*} configuration at start-up: the property, the value given,
 * and what is allowed. Handles the scheduler's own {@link InvalidSchedulerPropertyException} and
 * values that could not be bound at all (an unknown store type, a malformed duration).
 *
 * <p>Stateless and thread-safe.
 */
final class SchedulerFailureAnalyzer implements FailureAnalyzer, Ordered {

  private static final String PREFIX = "apscheduler.";

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof InvalidSchedulerPropertyException invalid) {
        return analysis(invalid.getProperty(), invalid.getValue(), invalid.getExpected(), invalid);
      }
      if (cause instanceof BindException bind
          && bind.getName().toString().startsWith("apscheduler")) {
        ConfigurationProperty property = bind.getProperty();
        if (property == null) {
          continue;
        }
        String name = property.getName().toString();
        if (name.startsWith(PREFIX)) {
          return analysis(name, property.getValue(), expectedFor(bind), bind);
        }
      }
    }
    return null;
  }

  private static FailureAnalysis analysis(
      String property, Object value, String expected, Throwable cause) {
    String shown = value == null ? "(missing)" : "'" + value + "'";
    return new FailureAnalysis(
        "The scheduler cannot start: the property '"
            + property
            + "' has the invalid value "
            + shown
            + ".\n\nAllowed: "
            + expected
            + ".",
        "Update '" + property + "' in your application's configuration. Allowed: " + expected + ".",
        cause);
  }

  private static String expectedFor(BindException bind) {
    Class<?> target = bind.getTarget().getType().resolve(Object.class);
    if (target.isEnum()) {
      return Arrays.stream(target.getEnumConstants())
          .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
          .collect(Collectors.joining(", ", "one of ", ""));
    }
    if (target == java.time.Duration.class) {
      return "a duration such as 1 (seconds), 500ms, 10s, 5m or PT1S";
    }
    if (target == java.time.ZoneId.class) {
      return "a time zone id such as UTC or Europe/Berlin";
    }
    if (target == boolean.class || target == Boolean.class) {
      return "true or false";
    }
    if (target == int.class || target == Integer.class) {
      return "a whole number";
    }
    return "a value of type " + target.getSimpleName();
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
