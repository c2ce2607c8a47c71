package dev.apscheduler.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code startup}: Spring Boot start-up time with and without this project's scheduler, each in a
 * fresh JVM (cold start, as an application starts), alternating: from {@code main} to a ready
 * context, and the JVM's uptime at that point.
 */
final class StartupScenario implements Scenario {

  private static final String PLAIN = "plain spring boot";
  private static final String WITH = ResultTable.THIS_PROJECT + " + spring boot";
  private static final Pattern LINE =
      Pattern.compile("STARTUP context_ms=([0-9.]+) jvm_uptime_ms=([0-9]+) starter=(true|false)");

  @Override
  public String name() {
    return "startup";
  }

  @Override
  public void run(boolean quick, ResultTable table) throws Exception {
    int rounds = quick ? 4 : 8;
    boolean starter = false;
    for (int round = -1; round < rounds; round++) {
      boolean plainFirst = Math.floorMod(round, 2) == 0;
      double[] plain = plainFirst ? start("plain") : null;
      double[] with = start("scheduler");
      if (!plainFirst) {
        plain = start("plain");
      }
      starter = with[2] > 0;
      if (round < 0) {
        continue;
      }
      table.add(name(), "main() to ready context", "ms", false, WITH, with[0]);
      table.add(name(), "main() to ready context", "ms", false, PLAIN, plain[0]);
      table.add(name(), "JVM uptime when ready", "ms", false, WITH, with[1]);
      table.add(name(), "JVM uptime when ready", "ms", false, PLAIN, plain[1]);
      table.add(name(), "start-up added by the scheduler", "ms", false, WITH, with[0] - plain[0]);
      System.out.printf(
          "  startup round %d: plain %.0f ms, with scheduler %.0f ms%n",
          round + 1, plain[0], with[0]);
    }
    table.target(name(), "start-up added by the scheduler", 100);
    table.note(
        name(),
        starter
            ? "The starter's auto-configuration is on the class path: 'plain' excludes it."
            : "The starter's auto-configuration is not on main yet: 'with' is a plain Boot context"
                + " with a Scheduler bean (started, shut down with the context).");
    table.note(
        name(),
        "Each start is a fresh JVM (java -cp benchmarks.jar "
            + StartupApp.class.getName()
            + "), no web server; 'added' is the median of the per-round differences.");
  }

  /** Starts the app in a new JVM; returns context ms, uptime ms, and 1 if the starter is there. */
  private static double[] start(String variant) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StartupApp.class.getName());
    command.add(variant);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuilder output = new StringBuilder();
    double[] result = null;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        output.append(line).append('\n');
        Matcher matcher = LINE.matcher(line);
        if (matcher.find()) {
          result =
              new double[] {
                Double.parseDouble(matcher.group(1)),
                Double.parseDouble(matcher.group(2)),
                matcher.group(3).equals("true") ? 1 : 0
              };
        }
      }
    }
    int exit = process.waitFor();
    if (exit != 0 || result == null) {
      throw new IllegalStateException(
          "start-up of the '" + variant + "' app failed (exit " + exit + "):\n" + output);
    }
    return result;
  }
}
