package dev.apscheduler.benchmarks;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** The trivial Quartz job of the dispatch and JDBC scenarios: counts the run of its index. */
public final class QuartzCountingJob implements Job {

  /** The job data key holding the job's index. */
  static final String INDEX = "index";

  private static volatile RunCounter counter;

  static void countInto(RunCounter target) {
    counter = target;
  }

  @Override
  public void execute(JobExecutionContext context) {
    counter.ran(context.getMergedJobDataMap().getInt(INDEX));
  }
}
