package dev.apscheduler.spring.boot.dashboard.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.apscheduler.JobSpec;
import dev.apscheduler.Scheduler;
import dev.apscheduler.spring.boot.dashboard.web.DashboardTestApplication;
import dev.apscheduler.trigger.IntervalTrigger;
import dev.apscheduler.trigger.cron.CronTrigger;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard in a real headless Chromium (the system's {@code chromium} and {@code
 * chromedriver}; nothing is downloaded): every page loads, a job is paused, run now and deleted
 * from its page, and an invalid cron field shows its error, with no error in the browser console.
 * Outside CI the tests are skipped when Chromium is not installed; in CI they never are.
 */
@SpringBootTest(
    classes = DashboardTestApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "apscheduler.timezone=UTC",
      "apscheduler.dashboard.enabled=true",
      "apscheduler.dashboard.read-only=false"
    })
class DashboardBrowserTests {

  private static Chromium chromium;
  private static WebDriver browser;

  @LocalServerPort int port;
  @Autowired Scheduler scheduler;

  @BeforeAll
  static void startBrowser() throws IOException {
    chromium = Chromium.start();
    browser = chromium.driver;
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    if (chromium != null) {
      chromium.close();
    }
  }

  @BeforeEach
  void addJobs() {
    scheduler.addJob(
        JobSpec.builder()
            .id("report")
            .name("Nightly report")
            .task(ctx -> {})
            .trigger(
                CronTrigger.builder()
                    .hour("2")
                    .minute("30")
                    .timezone(ZoneId.of("Europe/Berlin"))
                    .build())
            .replaceExisting(true)
            .build());
    scheduler.addJob(
        JobSpec.builder()
            .id("doomed")
            .name("To be deleted")
            .task(ctx -> {})
            .trigger(IntervalTrigger.of(Duration.ofHours(1)))
            .replaceExisting(true)
            .build());
  }

  @AfterEach
  void noErrorsInTheConsoleAndNoJobsLeft() {
    List<LogEntry> errors = chromium.consoleProblems();
    scheduler.getJobs().forEach(job -> scheduler.removeJob(job.id()));
    assertThat(errors).as("browser console").isEmpty();
  }

  @Test
  void everyPageLoads() {
    open("#/");
    waitForText(By.cssSelector("[data-field=state]"), "RUNNING");
    assertThat(browser.findElement(By.id("stores")).getText())
        .contains("default", "MemoryJobStore");

    open("#/jobs");
    waitForText(By.id("jobs"), "Nightly report");
    assertThat(browser.findElement(By.cssSelector("tr[data-job=report]")).getText())
        .contains("at 02:30 (Europe/Berlin)", "scheduled");
    assertThat(browser.findElement(By.id("range")).getText()).isEqualTo("1–2 of 2");

    open("#/job/report");
    waitForText(By.id("fire-times"), "02:30:00");
    assertThat(browser.findElements(By.cssSelector("#fire-times tbody tr"))).hasSize(10);

    open("#/schedule");
    waitForText(By.id("schedule-words"), "every 15 minutes");
    assertThat(browser.findElements(By.cssSelector("#schedule-times tbody tr"))).hasSize(10);
  }

  @Test
  void aPausedJobShowsAsPaused() {
    open("#/job/report");
    click(By.id("pause"));
    waitForText(By.cssSelector("dd[data-field=State]"), "paused");
    assertThat(browser.findElements(By.id("resume"))).hasSize(1);
    assertThat(scheduler.getJob("report").orElseThrow().paused()).isTrue();

    open("#/jobs");
    waitForText(By.cssSelector("tr[data-job=report] td.state"), "paused");
  }

  @Test
  void aJobRunNowShowsTheRunInItsHistory() {
    open("#/job/report");
    click(By.id("run-now"));
    waitForText(By.id("notice"), "Run started.");
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "SUCCESS"));
    assertThat(browser.findElement(By.cssSelector("#history tbody tr")).getText())
        .contains("SUCCESS");
  }

  @Test
  void deletingAsksFirst() {
    open("#/job/doomed");
    click(By.id("delete"));
    browser.switchTo().alert().dismiss();
    assertThat(scheduler.getJob("doomed")).isPresent();

    click(By.id("delete"));
    browser.switchTo().alert().accept();
    waitForText(By.id("jobs"), "Nightly report");
    assertThat(scheduler.getJob("doomed")).isEmpty();
  }

  @Test
  void anInvalidCronFieldShowsTheErrorNamingIt() {
    open("#/schedule");
    waitForText(By.id("schedule-words"), "every 15 minutes");
    WebElement minute = browser.findElement(By.id("field-minute"));
    minute.clear();
    minute.sendKeys("61");
    click(By.id("try"));
    waitForText(By.cssSelector("#schedule-result .error"), "minute: '61'");
  }

  private void open(String hash) {
    browser.get("about:blank");
    browser.get("http://127.0.0.1:" + port + "/apscheduler/" + hash);
  }

  private void click(By locator) {
    wait(Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(locator)).click();
  }

  private void waitForText(By locator, String text) {
    wait(Duration.ofSeconds(10))
        .until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
  }

  private WebDriverWait wait(Duration timeout) {
    return new WebDriverWait(browser, timeout);
  }
}
