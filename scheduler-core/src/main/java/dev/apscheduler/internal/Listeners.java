package dev.apscheduler.internal;

import dev.apscheduler.event.EventType;
import dev.apscheduler.event.SchedulerEvent;
import dev.apscheduler.event.SchedulerListener;
import java.lang.System.Logger.Level;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The scheduler's listeners with their masks. {@link #wants} lets the engine skip building events
 * nobody listens to; a listener that throws is logged and the others still run.
 *
 * <p>Thread-safe.
 */
public final class Listeners {

  private static final System.Logger LOG = System.getLogger(Listeners.class.getName());

  private record Registration(SchedulerListener listener, Set<EventType> mask) {}

  private final CopyOnWriteArrayList<Registration> registrations = new CopyOnWriteArrayList<>();
  private volatile Set<EventType> wanted = EnumSet.noneOf(EventType.class);

  /** Adds {@code listener} for the given types, or for all types when none is given. */
  public void add(SchedulerListener listener, EventType... mask) {
    Objects.requireNonNull(listener, "listener");
    Set<EventType> types =
        mask == null || mask.length == 0
            ? EnumSet.allOf(EventType.class)
            : EnumSet.copyOf(java.util.Arrays.asList(mask));
    registrations.add(new Registration(listener, types));
    recomputeWanted();
  }

  /** Removes every registration of {@code listener}. */
  public void remove(SchedulerListener listener) {
    registrations.removeIf(r -> r.listener() == listener);
    recomputeWanted();
  }

  /** Whether some listener wants events of this type. */
  public boolean wants(EventType type) {
    return wanted.contains(type);
  }

  /** Calls every listener whose mask contains the event's type. */
  public void fire(SchedulerEvent event) {
    if (!wants(event.type())) {
      return;
    }
    for (Registration registration : registrations) {
      if (registration.mask().contains(event.type())) {
        try {
          registration.listener().onEvent(event);
        } catch (RuntimeException | Error e) {
          if (e instanceof VirtualMachineError vme) {
            throw vme;
          }
          LOG.log(
              Level.ERROR,
              "Listener " + registration.listener() + " failed on " + event + "; ignored",
              e);
        }
      }
    }
  }

  private synchronized void recomputeWanted() {
    Set<EventType> types = EnumSet.noneOf(EventType.class);
    for (Registration registration : registrations) {
      types.addAll(registration.mask());
    }
    wanted = types;
  }
}
