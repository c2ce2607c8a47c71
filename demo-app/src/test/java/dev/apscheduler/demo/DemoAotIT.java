package dev.apscheduler.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the packaged, AOT-processed demo jar on the JVM with {@code -Dspring.aot.enabled=true} as
 * a child process, and checks through its log and its actuator endpoint that it runs from the
 * generated initializer and that its annotated jobs and a job added over HTTP run.
 */
class DemoAotIT {

  private static final Duration START = Duration.ofSeconds(90);

  @TempDir Path directory;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theAotProcessedJarRunsItsAnnotatedJobs() throws Exception {
    String built = System.getProperty("demo.jar");
    assumeTrue(built != null, "Failsafe runs this after packaging (mvn verify), with demo.jar set");
    Path jar = Path.of(built);
    assertThat(jar).as("the packaged demo").exists();
    int port = freePort();
    Path log = directory.resolve("demo.log");
    Process demo =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dspring.aot.enabled=true",
                    "-jar",
                    jar.toString(),
                    "--server.port=" + port,
                    "--apscheduler.jobstores.default.path=" + directory.resolve("jobs"),
                    "--demo.heartbeat-interval=1s"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      await()
          .atMost(START)
          .until(() -> !demo.isAlive() || read(log).contains("Started DemoApplication"));
      assertThat(demo.isAlive()).as("the demo is running; its log:%n%s", read(log)).isTrue();
      assertThat(read(log)).contains("Starting AOT-processed DemoApplication");

      String scheduler = get(port, "/actuator/scheduler");
      assertThat(scheduler)
          .contains(
              "\"heartbeat\"", "\"quarter-hour-report\"", "\"morning-digest\"", "\"new-year\"");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> read(log).contains("Job heartbeat ran for"));

      HttpResponse<String> created =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jobs"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"id\": \"greet-aot\", \"name\": \"AOT\", \"intervalSeconds\": 1}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      await().atMost(Duration.ofSeconds(20)).until(() -> read(log).contains("Hello, AOT!"));
    } finally {
      demo.destroy();
      if (!demo.waitFor(30, TimeUnit.SECONDS)) {
        demo.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private String get(int port, String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
