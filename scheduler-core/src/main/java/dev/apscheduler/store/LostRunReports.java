package dev.apscheduler.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The reporting thread of a cluster node whose store releases lost runs and reports them in
 * separate steps: each batch of released runs is handed over on a thread of its own (never the
 * heartbeat's), and a run whose hand-over is still going on is not handed again when the store
 * offers it once more.
 *
 * <p>Thread-safe.
 *
 * @param <T> a released run
 */
public final class LostRunReports<T> {

  private final Function<T, Object> key;
  private final Consumer<List<T>> handOver;
  private final ExecutorService thread;
  private final Set<Object> handingOver = ConcurrentHashMap.newKeySet();

  /**
   * @param threadName the reporting thread's name
   * @param key what tells one released run from another
   * @param handOver writes, reruns, reports and settles a batch of released runs
   */
  public LostRunReports(String threadName, Function<T, Object> key, Consumer<List<T>> handOver) {
    this.key = key;
    this.handOver = handOver;
    this.thread =
        Executors.newSingleThreadExecutor(
            run -> {
              Thread reporting = new Thread(run, threadName);
              reporting.setDaemon(true);
              return reporting;
            });
  }

  /** Hands {@code released} over on the reporting thread (on this one once stopping). */
  public void report(List<T> released) {
    List<T> lost = new ArrayList<>(released.size());
    for (T each : released) {
      if (handingOver.add(key.apply(each))) {
        lost.add(each);
      }
    }
    if (lost.isEmpty()) {
      return;
    }
    try {
      thread.execute(() -> handOver(lost));
    } catch (RejectedExecutionException stopping) {
      handOver(lost);
    }
  }

  private void handOver(List<T> lost) {
    try {
      handOver.accept(lost);
    } finally {
      lost.forEach(each -> handingOver.remove(key.apply(each)));
    }
  }

  /**
   * Stops: hands {@code last} over on this thread, then waits at most {@code wait} for the
   * hand-overs under way, so that they settle their runs before the store closes (another node
   * would report them again).
   */
  public void stop(List<T> last, Duration wait) {
    thread.shutdown();
    report(last);
    try {
      thread.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops at once, handing nothing more over (a start that failed). */
  public void abandon() {
    thread.shutdown();
  }
}
