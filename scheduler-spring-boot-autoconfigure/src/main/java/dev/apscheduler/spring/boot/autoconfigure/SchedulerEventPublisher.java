package dev.apscheduler.spring.boot.autoconfigure;

import dev.apscheduler.event.SchedulerEvent;
import dev.apscheduler.event.SchedulerListener;
import java.util.Objects;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes every scheduler event as a Spring application event: the core event object itself, so
 * that {@code @EventListener void on(JobEvent event)} receives job events. Events are published on
 * the thread where they happen (see {@link SchedulerListener}).
 *
 * <p>Thread-safe.
 */
public final class SchedulerEventPublisher implements SchedulerListener {

  private final ApplicationEventPublisher publisher;

  /** Creates a listener publishing to {@code publisher}. */
  public SchedulerEventPublisher(ApplicationEventPublisher publisher) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
  }

  @Override
  public void onEvent(SchedulerEvent event) {
    publisher.publishEvent(event);
  }
}
