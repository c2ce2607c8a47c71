package dev.apscheduler.spring.boot.dashboard.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.spring.boot.dashboard.web.DashboardTestApplication;
import dev.apscheduler.trigger.IntervalTrigger;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A read-only dashboard (the default) shows a job without any button that would change it. */
@SpringBootTest(
    classes = DashboardTestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = "apscheduler.dashboard.enabled=true")
class DashboardReadOnlyBrowserTests {

  private static Chromium chromium;

  @LocalServerPort int port;
  @Autowired Scheduler scheduler;

  @BeforeAll
  static void startBrowser() throws IOException {
    chromium = Chromium.start();
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void aJobPageHasNoButtons() {
    scheduler.addJob(
        JobSpec.builder()
            .id("watched")
            .name("Only watched")
            .task(ctx -> {})
            .trigger(IntervalTrigger.of(Duration.ofHours(1)))
            .replaceExisting(true)
            .build());
    chromium.driver.get("http://127.0.0.1:" + port + "/apscheduler/#/job/watched");
    new WebDriverWait(chromium.driver, Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("fire-times"), ":"));

    assertThat(chromium.driver.findElement(By.tagName("h1")).getText()).contains("Only watched");
    assertThat(chromium.driver.findElements(By.tagName("button"))).isEmpty();
    assertThat(chromium.consoleProblems()).as("browser console").isEmpty();
  }
}
