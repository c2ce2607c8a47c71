package dev.apscheduler.benchmarks;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** The Quartz job of the precision scenario: records how late its run started. */
public final class QuartzLatenessJob implements Job {

  private static volatile LatenessRecorder recorder;

  static void recordInto(LatenessRecorder target) {
    recorder = target;
  }

  @Override
  public void execute(JobExecutionContext context) {
    recorder.ran(
        context.getMergedJobDataMap().getInt(QuartzCountingJob.INDEX),
        context.getScheduledFireTime().toInstant());
  }
}
