package dev.apscheduler;

import dev.apscheduler.event.EventType;
import dev.apscheduler.event.JobEvent;
import dev.apscheduler.event.SchedulerEvent;
import dev.apscheduler.event.SchedulerListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects events for assertions. */
final class RecordingListener implements SchedulerListener {

  final List<SchedulerEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(SchedulerEvent event) {
    events.add(event);
  }

  List<EventType> types() {
    return events.stream().map(SchedulerEvent::type).toList();
  }

  long count(EventType type) {
    return events.stream().filter(e -> e.type() == type).count();
  }

  List<JobEvent> jobEvents(EventType type) {
    return events.stream().filter(e -> e.type() == type).map(JobEvent.class::cast).toList();
  }
}
