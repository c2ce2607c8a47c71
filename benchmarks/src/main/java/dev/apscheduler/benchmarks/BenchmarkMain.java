package dev.apscheduler.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness: {@code java -jar benchmarks.jar [scenario...] [--quick]}. Runs the named scenarios
 * (all of them when none is named) for this project and each peer in this process, and prints a
 * table of medians, spreads and ratios.
 */
public final class BenchmarkMain {

  private BenchmarkMain() {}

  /** Runs the harness; exits with status 1 when a scenario fails, including a wrong result. */
  public static void main(String[] args) throws Exception {
    Map<String, Scenario> known = new LinkedHashMap<>();
    for (Scenario scenario :
        List.of(
            new DispatchScenario(),
            new AddWhileRunningScenario(),
            new ScaleScenario(),
            new PrecisionScenario(),
            new JdbcScenario(),
            new BulkAddScenario(),
            new StartupScenario(),
            new DashboardScenario(),
            new JmhScenario())) {
      known.put(scenario.name(), scenario);
    }
    boolean quick = false;
    List<Scenario> chosen = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("--quick")) {
        quick = true;
      } else if (known.containsKey(arg)) {
        chosen.add(known.get(arg));
      } else {
        System.err.println(
            "Unknown argument '"
                + arg
                + "'. Usage: java -jar benchmarks.jar [scenario...] [--quick]; scenarios: "
                + String.join(", ", known.keySet()));
        System.exit(2);
      }
    }
    if (chosen.isEmpty()) {
      chosen.addAll(known.values());
    }
    quietLogging();
    printMachine(quick);
    ResultTable table = new ResultTable();
    boolean failed = false;
    long start = System.nanoTime();
    for (Scenario scenario : chosen) {
      System.out.println();
      System.out.println("### " + scenario.name() + (quick ? " (quick)" : ""));
      long scenarioStart = System.nanoTime();
      try {
        scenario.run(quick, table);
      } catch (Exception | AssertionError e) {
        failed = true;
        System.out.println("!!! " + scenario.name() + " FAILED: " + e);
        e.printStackTrace(System.out);
        table.note(scenario.name(), "FAILED: " + e.getMessage());
      }
      System.out.printf(
          "### %s took %.0f s%n", scenario.name(), (System.nanoTime() - scenarioStart) / 1e9);
    }
    System.out.println();
    System.out.println("######## results");
    table.print(System.out);
    System.out.printf("%ntotal %.0f s%n", (System.nanoTime() - start) / 1e9);
    System.exit(failed ? 1 : 0);
  }

  /**
   * Whether {@code system} is measured: all are, unless {@code -Dbench.systems=a,b} names some
   * (honoured by the {@code precision} and {@code jdbc} scenarios; for working on one system).
   */
  static boolean selected(String system) {
    String only = System.getProperty("bench.systems", "");
    return only.isBlank() || List.of(only.split(",")).contains(system);
  }

  /** Keeps the systems' informational logging (java.util.logging, System.Logger) off the table. */
  private static void quietLogging() {
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
  }

  private static void printMachine(boolean quick) {
    Runtime runtime = Runtime.getRuntime();
    System.out.printf(
        "machine: %d cores, %.1f GiB max heap, %s %s (%s), %s; mode: %s%n",
        runtime.availableProcessors(),
        runtime.maxMemory() / (1024.0 * 1024 * 1024),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        System.getProperty("java.vm.vendor"),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        quick ? "quick" : "full");
    System.out.println("jvm args: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
  }
}
