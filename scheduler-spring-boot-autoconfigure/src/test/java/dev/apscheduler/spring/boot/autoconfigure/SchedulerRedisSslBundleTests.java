package dev.apscheduler.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.store.JobStore;
import dev.apscheduler.trigger.IntervalTrigger;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A redis store without {@code url} on a TLS-only Redis server (a {@code redis-server} this test
 * starts, with a self-signed certificate made by {@code openssl}): the application's SSL bundle is
 * what makes the server trusted.
 */
class SchedulerRedisSslBundleTests {

  @TempDir static Path directory;

  private static Process server;
  private static int tlsPort;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SslAutoConfiguration.class,
                  DataRedisAutoConfiguration.class,
                  SchedulerAutoConfiguration.class))
          .withPropertyValues(
              "spring.data.redis.host=127.0.0.1",
              "apscheduler.jobstores.default.type=redis",
              "apscheduler.jobstores.default.key-prefix=apscheduler-tls-test.");

  @BeforeAll
  static void startTlsRedis() throws Exception {
    requireOnPath("openssl");
    requireOnPath("redis-server");
    run(
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-keyout",
        directory.resolve("key.pem").toString(),
        "-out",
        directory.resolve("cert.pem").toString(),
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost");
    try (ServerSocket socket = new ServerSocket(0)) {
      tlsPort = socket.getLocalPort();
    }
    Path log = directory.resolve("redis.log");
    server =
        new ProcessBuilder(
                "redis-server",
                "--port",
                "0",
                "--bind",
                "127.0.0.1",
                "--tls-port",
                String.valueOf(tlsPort),
                "--tls-cert-file",
                directory.resolve("cert.pem").toString(),
                "--tls-key-file",
                directory.resolve("key.pem").toString(),
                "--tls-auth-clients",
                "no",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                directory.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                !server.isAlive() || Files.readString(log).contains("Ready to accept connections"));
    assertThat(server.isAlive()).as("redis-server with TLS: %s", Files.readString(log)).isTrue();
  }

  @AfterAll
  static void stopTlsRedis() throws InterruptedException {
    if (server != null) {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void theSslBundleMakesTheServerTrusted() {
    runner
        .withPropertyValues(
            "spring.data.redis.port=" + tlsPort,
            "spring.data.redis.ssl.bundle=redis-test",
            "spring.ssl.bundle.pem.redis-test.truststore.certificate=file:"
                + directory.resolve("cert.pem"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Scheduler scheduler = context.getBean(Scheduler.class);
              JobStore store = scheduler.jobStores().get("default");
              scheduler.addJob(
                  JobSpec.builder()
                      .id("over-tls")
                      .task("schedulerLifecycle::isRunning")
                      .trigger(IntervalTrigger.of(Duration.ofHours(1)))
                      .build());
              assertThat(store.lookupJob("over-tls")).isPresent();
              store.removeAllJobs();
            });
  }

  @Test
  void withoutTheBundleTheSelfSignedServerIsNotTrusted() {
    runner
        .withPropertyValues(
            "spring.data.redis.port=" + tlsPort, "spring.data.redis.ssl.enabled=true")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("cannot connect to")
                    .hasStackTraceContaining("SSLHandshakeException"));
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("openssl.log").toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as("%s: %s", List.of(command), Files.readString(directory.resolve("openssl.log")))
        .isZero();
  }

  /** Skips without the program, except under {@code CI=true}, where it fails. */
  private static void requireOnPath(String program) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (Files.isExecutable(Path.of(dir, program))) {
          return;
        }
      }
    }
    String message = program + " is not on the PATH; this test starts a TLS-only Redis server";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message + " [CI=true: a missing tool fails the build]");
    }
    Assumptions.abort(message);
  }
}
