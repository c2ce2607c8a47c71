package dev.apscheduler.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ClusterNodeMain} in a JVM of its own, for the process tests: its output lines go, each
 * prefixed with the process's name, into a list the test shares between its processes, and a daemon
 * thread reads them until the process is gone. Thread-safe.
 */
final class NodeProcess {

  private final String name;
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private NodeProcess(String name, Process process, List<String> sharedOutput) {
    this.name = name;
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                  sharedOutput.add(name + ": " + line);
                }
              } catch (IOException ended) {
                // the process is gone
              }
            },
            "output-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts a {@link ClusterNodeMain} with its arguments and system properties ({@code -Dkey=value}
   * strings).
   */
  static NodeProcess start(
      String name, List<String> sharedOutput, List<String> properties, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // small and quick to start: several of these share the machine with the test
    command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.addAll(properties);
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(ClusterNodeMain.class.getName());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    return new NodeProcess(name, process, sharedOutput);
  }

  /** The name its output lines are prefixed with. */
  String name() {
    return name;
  }

  /** Whether it printed this line. */
  boolean printed(String line) {
    return lines.contains(line);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Lets a warm spare ({@code -Dnode.awaitGo=true}) start its scheduler. */
  void go() {
    try {
      OutputStream in = process.getOutputStream();
      in.write("GO\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(name + " did not take GO", e);
    }
  }

  /**
   * Kills it with SIGKILL (on Linux) and waits until it is gone.
   *
   * @throws IllegalStateException if it is still there after 30 s
   */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " survived SIGKILL for 30 s");
    }
  }
}
