package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.Job;
import dev.apscheduler.Task;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The memory store against a plain model: random adds, updates, pauses, removes and due passes,
 * after each of which the store must list, find and hand out jobs in the model's order.
 */
class MemoryJobStoreModelTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Comparator<Job> ORDER =
      Comparator.comparing(Job::nextRunTime).thenComparing(Job::id);

  private final Task task = Task.transientTask("noop", ctx -> {}, "noop");
  private final IntervalTrigger trigger = IntervalTrigger.of(Duration.ofMinutes(1));

  private Job job(String id, Instant next) {
    return Job.builder(id, task, trigger).nextRunTime(next).paused(next == null).build();
  }

  @Test
  void randomOperationsKeepTheModelsOrder() {
    randomOperations(300, 1_000);
  }

  /** Enough ids for the index and the heap to grow, and for ids to share probe runs. */
  @Test
  void randomOperationsOverManyIdsKeepTheModelsOrder() {
    randomOperations(3_000, 10_000);
  }

  private void randomOperations(int idCount, int seconds) {
    long seed = Long.getLong("apscheduler.test.seed", 20261201L);
    Random random = new Random(seed);
    MemoryJobStore store = new MemoryJobStore();
    Map<String, Job> model = new HashMap<>();
    for (int step = 0; step < 20_000; step++) {
      String id = "job-" + random.nextInt(idCount);
      Instant next =
          random.nextInt(10) == 0
              ? null
              : T0.plusSeconds(random.nextInt(seconds)).plusNanos(random.nextInt(3) * 500_000_000L);
      switch (random.nextInt(5)) {
        case 0, 1 -> {
          if (!model.containsKey(id)) {
            store.addJob(job(id, next));
            model.put(id, job(id, next));
          }
        }
        case 2 -> {
          if (model.containsKey(id)) {
            store.updateJob(job(id, next));
            model.put(id, job(id, next));
          }
        }
        case 3 -> {
          if (model.remove(id) != null) {
            store.removeJob(id);
          }
        }
        default -> {
          Instant now = T0.plusSeconds(random.nextInt(seconds));
          int limit = 1 + random.nextInt(20);
          List<Job> expected = due(model, now, limit);
          List<Job> seen = new ArrayList<>();
          store.processDueJobs(
              now,
              limit,
              (due, running) -> {
                seen.add(due);
                Job moved = due.withNextRunTime(now.plusSeconds(1 + random.nextInt(500)));
                model.put(due.id(), moved);
                return new DueJobProcessor.Outcome(moved, null);
              });
          assertThat(seen).as("seed %d, step %d", seed, step).isEqualTo(expected);
        }
      }
      Instant probe = T0.plusSeconds(random.nextInt(seconds * 3 / 2));
      assertThat(store.getDueJobs(probe, 7)).as("seed %d", seed).isEqualTo(due(model, probe, 7));
      assertThat(store.getNextRunTime())
          .isEqualTo(scheduled(model).stream().findFirst().map(Job::nextRunTime));
      assertThat(store.lookupJob(id)).isEqualTo(java.util.Optional.ofNullable(model.get(id)));
      assertThat(store.countJobs()).isEqualTo(model.size());
      if (step % 97 == 0) {
        assertPagesFollowTheListing(store, listing(model), random);
      }
    }
    assertThat(store.getAllJobs()).isEqualTo(listing(model));
  }

  /** The scheduled jobs by run time, then the paused ones by id. */
  private static List<Job> listing(Map<String, Job> model) {
    List<Job> all = new ArrayList<>(scheduled(model));
    model.values().stream()
        .filter(j -> j.nextRunTime() == null)
        .sorted(Comparator.comparing(Job::id))
        .forEach(all::add);
    return all;
  }

  /**
   * A due pass whose processor fails part-way: the jobs decided before keep their new run times
   * (put back in order), the failing one and those after it stay as they were.
   */
  @Test
  void aProcessorThatThrowsLeavesTheDecidedJobsMovedAndTheRestDue() {
    MemoryJobStore store = new MemoryJobStore();
    for (int i = 0; i < 5; i++) {
      store.addJob(job("job-" + i, T0.plusSeconds(i)));
    }
    List<String> seen = new ArrayList<>();
    org.assertj.core.api.Assertions.assertThatIllegalStateException()
        .isThrownBy(
            () ->
                store.processDueJobs(
                    T0.plusSeconds(10),
                    10,
                    (due, running) -> {
                      seen.add(due.id());
                      if (due.id().equals("job-2")) {
                        throw new IllegalStateException("boom");
                      }
                      return new DueJobProcessor.Outcome(
                          due.withNextRunTime(T0.plusSeconds(100)), null);
                    }));

    assertThat(seen).containsExactly("job-0", "job-1", "job-2");
    assertThat(store.getDueJobs(T0.plusSeconds(10), 10))
        .extracting(Job::id)
        .containsExactly("job-2", "job-3", "job-4");
    assertThat(store.getDueJobs(T0.plusSeconds(100), 10))
        .extracting(Job::id)
        .containsExactly("job-2", "job-3", "job-4", "job-0", "job-1");
    assertThat(store.getAllJobs())
        .extracting(Job::id, Job::nextRunTime)
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("job-2", T0.plusSeconds(2)),
            org.assertj.core.api.Assertions.tuple("job-3", T0.plusSeconds(3)),
            org.assertj.core.api.Assertions.tuple("job-4", T0.plusSeconds(4)),
            org.assertj.core.api.Assertions.tuple("job-0", T0.plusSeconds(100)),
            org.assertj.core.api.Assertions.tuple("job-1", T0.plusSeconds(100)));
  }

  /** The listing is the model's, and pages read one after the other make it up. */
  private static void assertPagesFollowTheListing(
      MemoryJobStore store, List<Job> listing, Random random) {
    List<Job> all = store.getAllJobs();
    assertThat(all).isEqualTo(listing);
    int pageSize = 1 + random.nextInt(40);
    List<Job> paged = new ArrayList<>();
    for (int offset = 0; offset <= all.size(); offset += pageSize) {
      paged.addAll(store.getJobs(offset, pageSize));
    }
    assertThat(paged).isEqualTo(all);
  }

  private static List<Job> scheduled(Map<String, Job> model) {
    return model.values().stream().filter(j -> j.nextRunTime() != null).sorted(ORDER).toList();
  }

  private static List<Job> due(Map<String, Job> model, Instant now, int limit) {
    return scheduled(model).stream()
        .filter(j -> !j.nextRunTime().isAfter(now))
        .limit(limit)
        .toList();
  }
}
