package dev.apscheduler.event;

/**
 * Receives scheduler events. Listeners are called on the thread where the event happens (the
 * scheduler thread, a worker thread, or the caller of an API method), so they should be quick; a
 * listener that throws is logged and changes nothing else.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface SchedulerListener {

  /** Called for each event whose type is in this listener's mask. */
  void onEvent(SchedulerEvent event);
}
