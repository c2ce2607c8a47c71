package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apscheduler.ConflictingIdException;
import dev.apscheduler.Job;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What a persistent store that writes {@link JobStore#addJobs}, {@link JobStore#replaceJob} and
 * {@link JobStore#updateJobIfUnchanged} each in one conditional write (Redis, MongoDB) must do
 * beyond the persistent contract: the writes hold while other threads read and write, and an id
 * held by a document the store cannot read counts as taken.
 */
public abstract class AtomicWritesContractTest extends PersistentJobStoreContractTest {

  /** A document no store can read: the JSON is cut short. */
  private static final String MALFORMED = "{\"version\":1,\"name\":\"cut short\"";

  @Test
  void addJobsOverAnIdHeldByAnUnreadableDocumentAddsNone() {
    writeRawDocument("unreadable", T0, MALFORMED);

    assertThatThrownBy(
            () -> store.addJobs(List.of(job("new-1", T0), job("unreadable", T0), job("new-2", T0))))
        .isInstanceOf(ConflictingIdException.class)
        .hasMessageContaining("'unreadable'");
    assertThat(store.getAllJobs()).isEmpty();
    assertThat(store.countJobs()).isEqualTo(1);
  }

  @Test
  void replaceJobOverwritesAnUnreadableDocument() {
    writeRawDocument("unreadable", T0, MALFORMED);
    assertThat(store.getAllJobs()).isEmpty();
    Job replacement = job("unreadable", T0.plusSeconds(5));

    store.replaceJob(replacement);

    assertThat(store.lookupJob("unreadable")).contains(replacement);
    assertThat(store.getNextRunTime()).contains(T0.plusSeconds(5));
  }

  @Test
  void aReaderNeverMissesAJobWhileItIsReplaced() {
    store.addJob(job("a", T0));
    AtomicInteger misses = new AtomicInteger();

    whileReading(
        () -> {
          if (store.lookupJob("a").isEmpty()) {
            misses.incrementAndGet();
          }
        },
        () -> {
          for (int i = 1; i <= 300; i++) {
            store.replaceJob(job("a", T0.plusSeconds(i)));
          }
        });

    assertThat(misses).hasValue(0);
    assertThat(store.lookupJob("a").orElseThrow().nextRunTime()).isEqualTo(T0.plusSeconds(300));
  }

  @Test
  void aConditionalUpdateNeverUndoesAConcurrentDuePass() {
    Job original = job("a", T0);
    store.addJob(original);
    AtomicInteger undone = new AtomicInteger();
    AtomicReference<Job> written = new AtomicReference<>(original);

    // the reader renames the job from what it read; the writer plays due passes
    whileReading(
        () -> {
          Job read = store.lookupJob("a").orElseThrow();
          store.updateJobIfUnchanged(read, read.toBuilder().name("renamed").build());
        },
        () -> {
          for (int i = 1; i <= 200; i++) {
            if (!JobStore.sameSchedule(store.lookupJob("a").orElseThrow(), written.get())) {
              undone.incrementAndGet();
            }
            Job next = written.get().withRuns(written.get().runs() + 1, T0.plusSeconds(i));
            store.updateJob(next);
            written.set(next);
          }
        });

    assertThat(undone).hasValue(0);
    assertThat(JobStore.sameSchedule(store.lookupJob("a").orElseThrow(), written.get())).isTrue();
  }

  /**
   * Runs {@code write} in this thread while another thread runs {@code readOnce} over and over,
   * from before the write starts until it ends; fails if either throws.
   */
  protected static void whileReading(Runnable readOnce, Runnable write) {
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Throwable> readFailure = new AtomicReference<>();
    CountDownLatch firstRead = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try {
                while (!done.get()) {
                  readOnce.run();
                  firstRead.countDown();
                }
              } catch (Throwable e) {
                readFailure.set(e);
                firstRead.countDown();
              }
            },
            "contract-reader");
    reader.start();
    try {
      assertThat(firstRead.await(10, TimeUnit.SECONDS)).as("the reader started").isTrue();
      write.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      done.set(true);
    }
    try {
      reader.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    assertThat(reader.isAlive()).as("the reader stopped").isFalse();
    assertThat(readFailure.get()).as("the reader's failure").isNull();
  }
}
