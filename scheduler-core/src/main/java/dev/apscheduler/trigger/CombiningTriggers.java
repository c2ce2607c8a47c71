package dev.apscheduler.trigger;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Shared checks of {@link AndTrigger} and {@link OrTrigger}. Stateless. */
final class CombiningTriggers {

  private CombiningTriggers() {}

  static List<Trigger> requireTriggers(List<Trigger> triggers) {
    if (triggers.isEmpty()) {
      throw new IllegalArgumentException("triggers: at least one trigger is required, got none");
    }
    triggers.forEach(t -> Objects.requireNonNull(t, "triggers: a trigger is null"));
    return triggers;
  }

  static String describe(String kind, List<Trigger> triggers) {
    return triggers.stream()
        .map(String::valueOf)
        .collect(Collectors.joining(", ", kind + "[", "]"));
  }
}
