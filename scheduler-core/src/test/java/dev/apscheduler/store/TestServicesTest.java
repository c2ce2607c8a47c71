package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * How the store tests find their services: a listening local service or a machine without Docker
 * never starts a container; a machine with Docker and nothing local does. The container path itself
 * needs a Docker engine, which this machine may not have: asking for one must answer, not fail.
 */
class TestServicesTest {

  private static final TestServices.Service LOCAL =
      new TestServices.Service("jdbc:postgresql://127.0.0.1:1/test", "postgres", "");
  private static final TestServices.Service CONTAINER =
      new TestServices.Service("jdbc:postgresql://docker:32768/test", "test", "test");

  @Test
  void aListeningLocalServiceIsUsedWithoutAskingForDocker() throws IOException {
    try (ServerSocket local = new ServerSocket(0)) {
      TestServices.Service found =
          TestServices.locate(
              "APSCHEDULER_TEST_NOTHING",
              LOCAL,
              local.getLocalPort(),
              () -> {
                throw new AssertionError("Docker must not be asked for");
              },
              () -> CONTAINER);

      assertThat(found).isEqualTo(LOCAL);
    }
  }

  @Test
  void withNothingLocalAndNoDockerTheLocalAddressStandsAndTheTestSkipsOrFails() throws IOException {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }

    TestServices.Service found =
        TestServices.locate(
            "APSCHEDULER_TEST_NOTHING",
            LOCAL,
            closedPort,
            () -> false,
            () -> {
              throw new AssertionError("no container without Docker");
            });

    assertThat(found).isEqualTo(LOCAL);
  }

  @Test
  void withNothingLocalAndDockerAContainerIsStarted() throws IOException {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }

    assertThat(
            TestServices.locate(
                "APSCHEDULER_TEST_NOTHING", LOCAL, closedPort, () -> true, () -> CONTAINER))
        .isEqualTo(CONTAINER);
  }

  @Test
  void askingForDockerAnswersEvenWithoutAnEngine() {
    long begun = System.nanoTime();
    Containers.dockerAvailable();

    assertThat(Duration.ofNanos(System.nanoTime() - begun)).isLessThan(Duration.ofMinutes(1));
  }
}
