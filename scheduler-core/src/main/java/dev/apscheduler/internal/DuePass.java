package dev.apscheduler.internal;

import dev.apscheduler.Job;
import dev.apscheduler.store.DueJobWriteException;
import dev.apscheduler.store.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One pass over the due jobs of every store: each store's due jobs are taken in batches, decided by
 * the {@link RunPlanner}, written back by the store, and only then handed to the {@link
 * RunDispatcher}. A store that fails is retried with backoff ({@link StoreRetry}) while the others
 * go on; the runs of a batch the store could not write back are cancelled (their instances
 * released; the retry decides those jobs again), so a failed write never runs a job twice. A store
 * that writes job by job and fails part-way ({@link DueJobWriteException}) has the runs of the jobs
 * it did write go ahead.
 *
 * <p>Thread-safe; no lock is held while a store works or a listener runs.
 */
final class DuePass {

  /** Due jobs taken from a store in one call. */
  static final int BATCH_SIZE = 1000;

  private final Clock clock;
  private final ZoneId zone;
  private final StoreSet stores;
  private final RunPlanner planner;
  private final RunDispatcher dispatcher;
  private final BooleanSupplier running;
  private final StoreRetry retry = new StoreRetry();

  DuePass(
      Clock clock,
      ZoneId zone,
      StoreSet stores,
      RunPlanner planner,
      RunDispatcher dispatcher,
      BooleanSupplier running) {
    this.clock = clock;
    this.zone = zone;
    this.stores = stores;
    this.planner = planner;
    this.dispatcher = dispatcher;
    this.running = running;
  }

  /** Processes every store's due jobs; returns when a store next needs a look, if ever. */
  Optional<Instant> run() {
    Instant wake = null;
    for (Map.Entry<String, JobStore> entry : stores.all().entrySet()) {
      Instant storeWake = runStore(entry.getKey(), entry.getValue());
      if (storeWake != null && (wake == null || storeWake.isBefore(wake))) {
        wake = storeWake;
      }
    }
    return Optional.ofNullable(wake);
  }

  /** Drops the retry state of a removed store. */
  void forget(String alias) {
    retry.forget(alias);
  }

  private Instant runStore(String alias, JobStore store) {
    while (true) {
      if (!running.getAsBoolean() || stores.get(alias) != store) {
        return null;
      }
      Instant localNow = clock.instant();
      Instant retryAt = retry.retryAt(alias);
      if (retryAt != null && localNow.isBefore(retryAt)) {
        return retryAt;
      }
      Duration offset = store.clockOffset();
      Instant now = offset.isZero() ? localNow : localNow.plus(offset);
      ZonedDateTime zonedNow = now.atZone(zone);
      RunPlanner.Batch batch = new RunPlanner.Batch(offset);
      Job[] lastDecided = new Job[1];
      int processed;
      Instant wake;
      try {
        processed =
            store.processDueJobs(
                now,
                BATCH_SIZE,
                (job, storeRunning) -> {
                  lastDecided[0] = job;
                  return planner.plan(job, storeRunning, now, zonedNow, batch);
                });
        wake = processed < BATCH_SIZE ? nextLook(store, localNow, offset) : null;
        retry.succeeded(alias);
      } catch (DueJobWriteException e) {
        settlePartialWrite(store, lastDecided[0], batch);
        return retry.failed(alias, localNow, e);
      } catch (RuntimeException e) {
        batch.runs.forEach(RunDispatcher.Run::cancel);
        return retry.failed(alias, localNow, e);
      } catch (Error e) {
        batch.runs.forEach(RunDispatcher.Run::cancel);
        throw e;
      }
      dispatcher.dispatch(batch.events, batch.runs);
      if (processed < BATCH_SIZE) {
        return wake;
      }
    }
  }

  /**
   * After a store wrote the outcomes of the due jobs before {@code failed} and failed on it (a
   * {@link DueJobWriteException}; no job after it was decided): the written jobs' runs go ahead;
   * the failed job's run goes ahead if its new state did reach the store, is cancelled if the store
   * still holds its old state (the retry decides it again), and is reported missed if the store
   * cannot tell. Nothing runs twice and nothing vanishes unseen.
   */
  private void settlePartialWrite(JobStore store, Job failed, RunPlanner.Batch batch) {
    List<RunDispatcher.Run> runs = batch.runs;
    int last = runs.size() - 1;
    if (failed != null && last >= 0 && runs.get(last).job() == failed) {
      RunDispatcher.Run failedRun = runs.get(last);
      Boolean reached;
      try {
        reached =
            store
                .lookupJob(failed.id())
                .map(stored -> !JobStore.sameSchedule(failed, stored))
                .orElse(true);
      } catch (RuntimeException unknown) {
        reached = null;
      }
      if (!Boolean.TRUE.equals(reached)) {
        runs = new ArrayList<>(runs.subList(0, last));
        if (reached == null) {
          failedRun.drop("its new state may not have reached the store, which cannot tell now");
        } else {
          failedRun.cancel();
        }
      }
    }
    dispatcher.dispatch(batch.events, runs);
  }

  /**
   * When to look at the store again, by the scheduler's clock: its next run time, or sooner if it
   * asks to be polled.
   */
  private static Instant nextLook(JobStore store, Instant localNow, Duration offset) {
    Instant wake = store.getNextRunTime().map(next -> next.minus(offset)).orElse(null);
    Optional<Duration> poll = store.pollInterval();
    if (poll.isPresent()) {
      Instant pollAt = localNow.plus(poll.get());
      wake = wake == null || pollAt.isBefore(wake) ? pollAt : wake;
    }
    return wake;
  }
}
