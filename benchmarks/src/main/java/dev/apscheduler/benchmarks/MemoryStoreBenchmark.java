package dev.apscheduler.benchmarks;

import dev.apscheduler.Job;
import dev.apscheduler.JobFunction;
import dev.apscheduler.Task;
import dev.apscheduler.store.MemoryJobStore;
import dev.apscheduler.trigger.IntervalTrigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: {@link MemoryJobStore} operations on a store already holding {@code size} jobs: add then
 * remove a job, take the due jobs, and reschedule a job (what the scheduler does after each run).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MemoryStoreBenchmark {

  private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
  private static final int EXTRA = 1024;

  /** Jobs in the store before each operation. */
  @Param({"100000"})
  public int size;

  private MemoryJobStore store;
  private Job[] held;
  private Job[] extra;
  private Instant firstDue;
  private int next;

  /** Fills the store with jobs spread over a day, and prepares jobs to add. */
  @Setup(Level.Trial)
  public void setUp() {
    JobFunction noop = context -> {};
    Task task = Task.transientTask("noop", noop, noop);
    IntervalTrigger trigger = IntervalTrigger.of(Duration.ofHours(1));
    store = new MemoryJobStore();
    held = new Job[size];
    for (int i = 0; i < size; i++) {
      held[i] = job("job-" + i, task, trigger, BASE.plusMillis(i * 864L));
      store.addJob(held[i]);
    }
    extra = new Job[EXTRA];
    for (int i = 0; i < EXTRA; i++) {
      extra[i] = job("extra-" + i, task, trigger, BASE.plusSeconds(i * 37L));
    }
    firstDue = BASE;
  }

  private static Job job(String id, Task task, IntervalTrigger trigger, Instant next) {
    return Job.builder(id, task, trigger).nextRunTime(next).build();
  }

  /** Adds a job and removes it again. */
  @Benchmark
  public void addThenRemove() {
    Job job = extra[next++ & (EXTRA - 1)];
    store.addJob(job);
    store.removeJob(job.id());
  }

  /** The first due job at the earliest run time. */
  @Benchmark
  public List<Job> dueJobs() {
    return store.getDueJobs(firstDue, 1);
  }

  /** Moves a job to a new run time and back, as processing a run does. */
  @Benchmark
  public void updateJob() {
    Job job = held[next++ % size];
    store.updateJob(job.withNextRunTime(job.nextRunTime().plusSeconds(3600)));
    store.updateJob(job);
  }
}
