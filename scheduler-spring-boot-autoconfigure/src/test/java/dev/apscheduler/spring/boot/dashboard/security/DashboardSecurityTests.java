package dev.apscheduler.spring.boot.dashboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.trigger.IntervalTrigger;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With Spring Security on the classpath and no security configuration of the application's own, the
 * dashboard is protected as the actuator endpoints are, and its write requests need the CSRF token
 * that its session call hands the page.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "apscheduler.dashboard.enabled=true",
      "apscheduler.dashboard.read-only=false",
      "management.endpoints.web.exposure.include=health,scheduler",
      "spring.security.user.name=ops",
      "spring.security.user.password=secret"
    })
class DashboardSecurityTests {

  private static final String BASIC =
      "Basic " + Base64.getEncoder().encodeToString("ops:secret".getBytes(StandardCharsets.UTF_8));

  @LocalServerPort int port;
  @Autowired Scheduler scheduler;

  private final HttpClient http =
      HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

  @BeforeEach
  void addJob() {
    scheduler.addJob(
        JobSpec.builder()
            .id("guarded")
            .task(ctx -> {})
            .trigger(IntervalTrigger.of(Duration.ofHours(1)))
            .replaceExisting(true)
            .build());
  }

  @Test
  void thePageAndApiNeedAuthenticationLikeTheActuator() throws Exception {
    assertThat(send("GET", "/actuator/scheduler", null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/apscheduler/", null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/apscheduler/assets/app.js", null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/apscheduler/api/overview", null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/apscheduler/api/overview", BASIC, null).statusCode()).isEqualTo(200);
  }

  @Test
  void writeRequestsNeedTheCsrfTokenOfTheSession() throws Exception {
    // refused by the CSRF filter (Spring Boot's error page answers 401 for it with basic auth)
    assertThat(send("POST", "/apscheduler/api/jobs/guarded/pause", BASIC, null).statusCode())
        .isIn(401, 403);
    assertThat(scheduler.getJob("guarded").orElseThrow().paused()).isFalse();

    HttpResponse<String> session = send("GET", "/apscheduler/api/session", BASIC, null);
    JsonNode body = JsonMapper.builder().build().readTree(session.body());
    String header = body.path("csrfHeader").asString();
    String token = body.path("csrfToken").asString();
    assertThat(header).isNotBlank();
    assertThat(token).isNotBlank();

    HttpResponse<String> paused =
        send("POST", "/apscheduler/api/jobs/guarded/pause", BASIC, new String[] {header, token});
    assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
    assertThat(scheduler.getJob("guarded").orElseThrow().paused()).isTrue();
  }

  private HttpResponse<String> send(String method, String path, String auth, String[] csrf)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (auth != null) {
      request.header("Authorization", auth);
    }
    if (csrf != null) {
      request.header(csrf[0], csrf[1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
