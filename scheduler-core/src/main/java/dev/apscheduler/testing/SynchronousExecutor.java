package dev.apscheduler.testing;

import dev.apscheduler.executor.JobExecutor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs each job run on the thread that hands it over, so that {@link
 * dev.apscheduler.Scheduler#processDueJobs()} returns only after the due runs are done.
 *
 * <p>Thread-safe.
 */
public final class SynchronousExecutor implements JobExecutor {

  private volatile boolean shutDown;

  @Override
  public void execute(Runnable run) {
    if (shutDown) {
      throw new RejectedExecutionException("The synchronous executor is shut down");
    }
    run.run();
  }

  @Override
  public void shutdown() {
    shutDown = true;
  }

  @Override
  public int maxThreads() {
    return 1;
  }
}
