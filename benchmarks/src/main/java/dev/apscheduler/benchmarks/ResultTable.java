package dev.apscheduler.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of a harness run: per scenario and metric, the samples of each system, printed as a
 * table with median, spread (min to max), and the ratio of this project's median to each peer's.
 *
 * <p>Thread-safe enough for the harness: every method is synchronized.
 */
final class ResultTable {

  /** The name this project goes by in the tables. */
  static final String THIS_PROJECT = "apscheduler-java";

  private record MetricKey(String scenario, String metric) {}

  private static final class Metric {
    final String unit;
    final boolean higherIsBetter;
    final Map<String, Samples> bySystem = new LinkedHashMap<>();
    Double target;

    Metric(String unit, boolean higherIsBetter) {
      this.unit = unit;
      this.higherIsBetter = higherIsBetter;
    }
  }

  private final Map<MetricKey, Metric> metrics = new LinkedHashMap<>();
  private final Map<String, List<String>> notes = new LinkedHashMap<>();

  /** Records one sample of {@code metric} for {@code system}. */
  synchronized void add(
      String scenario,
      String metric,
      String unit,
      boolean higherIsBetter,
      String system,
      double value) {
    metrics
        .computeIfAbsent(new MetricKey(scenario, metric), key -> new Metric(unit, higherIsBetter))
        .bySystem
        .computeIfAbsent(system, name -> new Samples())
        .add(value);
  }

  /** Sets the target this project's median is held to (a floor or a ceiling, by direction). */
  synchronized void target(String scenario, String metric, double target) {
    Metric m = metrics.get(new MetricKey(scenario, metric));
    if (m != null) {
      m.target = target;
    }
  }

  /** Adds a line printed under the scenario's table. */
  synchronized void note(String scenario, String text) {
    notes.computeIfAbsent(scenario, s -> new ArrayList<>()).add(text);
  }

  /** Prints every scenario recorded so far. */
  synchronized void print(PrintStream out) {
    List<String> scenarios = new ArrayList<>();
    metrics.keySet().forEach(key -> addOnce(scenarios, key.scenario()));
    notes.keySet().forEach(scenario -> addOnce(scenarios, scenario));
    for (String scenario : scenarios) {
      print(scenario, out);
    }
  }

  /** Prints one scenario. */
  synchronized void print(String scenario, PrintStream out) {
    out.println();
    out.println("== " + scenario);
    out.printf(
        Locale.ROOT,
        "  %-40s %14s %29s %3s %12s%n",
        "system",
        "median",
        "spread (min .. max)",
        "n",
        "this / peer");
    for (Map.Entry<MetricKey, Metric> entry : metrics.entrySet()) {
      if (!entry.getKey().scenario().equals(scenario)) {
        continue;
      }
      Metric metric = entry.getValue();
      out.println(
          "- "
              + entry.getKey().metric()
              + " ["
              + metric.unit
              + (metric.higherIsBetter ? ", higher" : ", lower")
              + " is better]");
      // this project's default configuration: its row with the shortest name, since a variant
      // ("history off") adds to the name; the ratios and the target are read against it
      Samples own = null;
      String ownName = null;
      for (Map.Entry<String, Samples> row : metric.bySystem.entrySet()) {
        if (row.getKey().startsWith(THIS_PROJECT)
            && (ownName == null || row.getKey().length() < ownName.length())) {
          own = row.getValue();
          ownName = row.getKey();
        }
      }
      for (Map.Entry<String, Samples> row : metric.bySystem.entrySet()) {
        Samples samples = row.getValue();
        String ratio =
            own == null || samples == own || samples.median() == 0
                ? ""
                : String.format(Locale.ROOT, "%.2f", own.median() / samples.median());
        out.printf(
            Locale.ROOT,
            "  %-40s %14s %29s %3d %12s%n",
            row.getKey(),
            format(samples.median()),
            format(samples.min()) + " .. " + format(samples.max()),
            samples.count(),
            ratio);
      }
      if (metric.target != null && own != null) {
        boolean met =
            metric.higherIsBetter ? own.median() >= metric.target : own.median() <= metric.target;
        out.printf(
            Locale.ROOT,
            "  target for %s: %s %s: %s%n",
            THIS_PROJECT,
            metric.higherIsBetter ? ">=" : "<=",
            format(metric.target),
            met ? "MET" : "MISSED");
      }
    }
    for (String note : notes.getOrDefault(scenario, List.of())) {
      out.println("  note: " + note);
    }
  }

  private static void addOnce(List<String> list, String value) {
    if (!list.contains(value)) {
      list.add(value);
    }
  }

  static String format(double value) {
    if (Math.abs(value) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
