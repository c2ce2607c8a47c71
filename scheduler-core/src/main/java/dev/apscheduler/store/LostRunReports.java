package dev.apscheduler.store;

import dev.apscheduler.history.RunRecord;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The hand-over of the runs a cluster node released (lost with the node they were in flight on),
 * for a store that releases them and reports them in separate steps and keeps them until they are
 * handed over: on a thread of its own (never the heartbeat's), each batch gets its {@code LOST}
 * history records, the reruns of jobs that rerun lost runs ({@link LostRunReruns}) and its {@code
 * JOB_LOST} reports, and only the runs whose records and reruns were written are then settled (the
 * store forgets them); the others stay for the store to offer again. A run whose hand-over is still
 * going on is not handed over a second time.
 *
 * <p>Thread-safe.
 */
public final class LostRunReports {

  private static final System.Logger LOG = System.getLogger(LostRunReports.class.getName());

  /**
   * A released run.
   *
   * @param run its {@code JOB_LOST} event, and the job its record kept
   * @param node the node it was in flight on
   * @param key what tells it from the store's other released runs
   */
  public record Released(LostRunReruns.LostRun run, String node, Object key) {}

  /** What the store does in a hand-over. Its methods throw when the store fails. */
  public interface Holder {

    /** Writes the {@code LOST} history records of released runs. */
    void recordHistory(List<RunRecord> records);

    /** Where reruns go, or {@code null} to report only (the store is not ready for them). */
    JobStore rerunStore();

    /** Forgets released runs that were handed over. */
    void settle(List<Released> handedOver);
  }

  private final String description;
  private final JobStoreContext context;
  private final Holder holder;
  private final ExecutorService thread;
  private final Set<Object> handingOver = ConcurrentHashMap.newKeySet();

  /**
   * @param threadName the reporting thread's name
   * @param description names the store in log lines
   */
  public LostRunReports(
      String threadName, String description, JobStoreContext context, Holder holder) {
    this.description = description;
    this.context = context;
    this.holder = holder;
    this.thread =
        Executors.newSingleThreadExecutor(
            run -> {
              Thread reporting = new Thread(run, threadName);
              reporting.setDaemon(true);
              return reporting;
            });
  }

  /** Hands {@code released} over on the reporting thread (on this one once stopping). */
  public void report(List<Released> released) {
    List<Released> lost = new ArrayList<>(released.size());
    for (Released each : released) {
      if (handingOver.add(each.key())) {
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

  /**
   * Stops: hands {@code last} over on this thread, then waits at most {@code wait} for the
   * hand-overs under way, so that they settle their runs before the store closes (another node
   * would report them again).
   */
  public void stop(List<Released> last, Duration wait) {
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

  private void handOver(List<Released> lost) {
    try {
      List<Released> handedOver = writeAndReport(lost);
      if (!handedOver.isEmpty()) {
        holder.settle(handedOver);
      }
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          description
              + ": lost runs not settled (reporting them, or telling the store, failed); the store"
              + " offers them again, so a run may be reported twice: "
              + e);
    } finally {
      lost.forEach(each -> handingOver.remove(each.key()));
    }
  }

  /**
   * Writes, reruns and reports {@code lost}; returns those whose records and reruns were written.
   */
  private List<Released> writeAndReport(List<Released> lost) {
    List<RunRecord> records = new ArrayList<>(lost.size());
    for (Released each : lost) {
      records.add(LostRunReruns.historyRecord(each.run().event(), each.node()));
    }
    boolean recorded = true;
    try {
      holder.recordHistory(records);
    } catch (RuntimeException e) {
      recorded = false;
      LOG.log(Level.WARNING, description + ": the history of lost runs was not written", e);
    }
    JobStore reruns = holder.rerunStore();
    List<LostRunReruns.LostRun> unstored =
        LostRunReruns.rerunAndReport(reruns, lost.stream().map(Released::run).toList(), context);
    if (!recorded || reruns == null) {
      return List.of();
    }
    return lost.stream().filter(each -> !unstored.contains(each.run())).toList();
  }
}
