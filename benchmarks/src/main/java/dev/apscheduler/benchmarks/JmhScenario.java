package dev.apscheduler.benchmarks;

import java.util.Collection;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code jmh}: the JMH microbenchmarks of this package ({@link CronBenchmark}, {@link
 * MemoryStoreBenchmark}) in one forked JVM, shorter with {@code --quick}. For other JMH options run
 * {@code java -cp benchmarks.jar org.openjdk.jmh.Main} directly.
 */
final class JmhScenario implements Scenario {

  @Override
  public String name() {
    return "jmh";
  }

  @Override
  public void run(boolean quick, ResultTable table) throws Exception {
    Options options =
        new OptionsBuilder()
            .include(CronBenchmark.class.getName())
            .include(MemoryStoreBenchmark.class.getName())
            .forks(1)
            .warmupIterations(quick ? 2 : 3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(quick ? 3 : 5)
            .measurementTime(TimeValue.seconds(quick ? 1 : 2))
            .build();
    Collection<RunResult> results = new Runner(options).run();
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      String method =
          benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
      String size = result.getParams().getParam("size");
      String label = size == null ? method : method + " (" + size + " jobs)";
      for (BenchmarkResult benchmarkResult : result.getBenchmarkResults()) {
        for (IterationResult iteration : benchmarkResult.getIterationResults()) {
          table.add(
              name(),
              label,
              iteration.getScoreUnit(),
              false,
              ResultTable.THIS_PROJECT,
              iteration.getPrimaryResult().getScore());
        }
      }
    }
    table.note(name(), "One JMH fork; each sample is one measurement iteration.");
  }
}
