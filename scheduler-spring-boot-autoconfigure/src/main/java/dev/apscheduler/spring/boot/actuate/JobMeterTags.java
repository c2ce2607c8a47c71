package dev.apscheduler.spring.boot.actuate;

import dev.apscheduler.JobContext;
import dev.apscheduler.JobFunction;
import dev.apscheduler.JobRunInterceptor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code job} tag value of each known job ({@link JobTag}), how many jobs share each value, the
 * removed jobs whose runs have not finished yet, and the values no job holds any more, each with
 * the time its meters go: what {@link SchedulerMetrics} needs to tag event meters and to remove the
 * meters of removed jobs. As a run interceptor of the scheduler, it learns the value of every job
 * that runs (events carry only the job's id, and a one-shot job may be gone before a lookup).
 *
 * <p>Thread-safe.
 */
public final class JobMeterTags implements JobRunInterceptor {

  private final JobTag jobTag;

  private final Map<String, String> byJob = new HashMap<>();
  private final Map<String, Integer> sharing = new HashMap<>();
  private final Set<String> retiring = new LinkedHashSet<>();
  private final Map<String, Instant> expiring = new HashMap<>();

  /** Creates the tags holding what {@code jobTag} says. */
  public JobMeterTags(JobTag jobTag) {
    this.jobTag = Objects.requireNonNull(jobTag, "jobTag");
  }

  /** What the {@code job} tag holds. */
  public JobTag jobTag() {
    return jobTag;
  }

  @Override
  public Object intercept(JobContext context, JobFunction task) throws Exception {
    if (jobTag != JobTag.ID) {
      put(context.job().id(), jobTag.of(context.job()));
    }
    return task.call(context);
  }

  synchronized String get(String jobId) {
    return byJob.get(jobId);
  }

  /**
   * Records the tag value of a job, replacing the value it had. A removed job keeps retiring even
   * if its last run records it again (a one-shot job is removed before it runs).
   */
  synchronized void put(String jobId, String value) {
    expiring.remove(value);
    String old = byJob.put(jobId, value);
    if (value.equals(old)) {
      return;
    }
    if (old != null) {
      sharing.computeIfPresent(old, (key, count) -> count <= 1 ? null : count - 1);
    }
    sharing.merge(value, 1, Integer::sum);
  }

  /** Marks a removed job: its meters go once its runs have finished. */
  synchronized void retire(String jobId) {
    retiring.add(jobId);
  }

  /** The removed jobs not released yet. */
  synchronized List<String> retiring() {
    return retiring.isEmpty() ? List.of() : List.copyOf(retiring);
  }

  /**
   * Forgets a retiring job.
   *
   * @param ownValue the tag value if the job's value is its own (the id), else {@code null}
   * @return the tag value whose meters should go (no other job holds it), or {@code null}
   */
  synchronized String release(String jobId, String ownValue) {
    if (!retiring.remove(jobId)) {
      return null;
    }
    if (ownValue != null) {
      return ownValue;
    }
    String value = byJob.remove(jobId);
    if (value == null) {
      return null;
    }
    Integer left = sharing.computeIfPresent(value, (key, count) -> count <= 1 ? null : count - 1);
    return left == null ? value : null;
  }

  /** Lets the meters of {@code value} go at {@code at}, unless a job takes the value again. */
  synchronized void expire(String value, Instant at) {
    expiring.put(value, at);
  }

  /** The values whose meters should go at {@code now}; each is returned once. */
  synchronized List<String> expired(Instant now) {
    if (expiring.isEmpty()) {
      return List.of();
    }
    List<String> due = new ArrayList<>();
    expiring
        .entrySet()
        .removeIf(
            entry -> {
              boolean expired = !entry.getValue().isAfter(now);
              if (expired) {
                due.add(entry.getKey());
              }
              return expired;
            });
    return due;
  }
}
