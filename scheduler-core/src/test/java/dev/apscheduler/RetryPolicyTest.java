package dev.apscheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The retry policy's delays, what it retries, and its checks. */
class RetryPolicyTest {

  @Test
  void theDelayGrowsByTheMultiplierUpToTheMaximum() {
    RetryPolicy policy =
        RetryPolicy.exponential(6, Duration.ofSeconds(1), 3, Duration.ofSeconds(20));

    assertThat(policy.delayAfter(1, 0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.delayAfter(2, 0)).isEqualTo(Duration.ofSeconds(3));
    assertThat(policy.delayAfter(3, 0)).isEqualTo(Duration.ofSeconds(9));
    assertThat(policy.delayAfter(4, 0)).isEqualTo(Duration.ofSeconds(20));
    assertThat(policy.delayAfter(50, 0)).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void jitterTakesUpToItsPartOffTheDelayAndNeverExceedsTheMaximum() {
    RetryPolicy policy = RetryPolicy.fixed(3, Duration.ofSeconds(10)).withJitter(0.5);

    assertThat(policy.delayAfter(1, 0)).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.delayAfter(1, 0.5)).isEqualTo(Duration.ofMillis(7500));
    assertThat(policy.delayAfter(1, 0.999)).isGreaterThan(Duration.ofMillis(5000));
  }

  @Test
  void onlyExceptionsOfRetryOnAndTheirSubclassesAreRetriedWhileAttemptsRemain() {
    RetryPolicy any = RetryPolicy.fixed(3, Duration.ZERO);
    RetryPolicy io = any.retryingOn(IOException.class);

    assertThat(any.retries(new IllegalStateException(), 1)).isTrue();
    assertThat(any.retries(new IllegalStateException(), 2)).isTrue();
    assertThat(any.retries(new IllegalStateException(), 3)).as("attempts used up").isFalse();
    assertThat(any.retries(new OutOfMemoryError(), 1)).as("never an Error").isFalse();
    assertThat(io.retries(new FileNotFoundException(), 1)).isTrue();
    assertThat(io.retries(new IllegalStateException(), 1)).isFalse();
    assertThat(io.retryOn()).containsExactly("java.io.IOException");
    assertThat(RetryPolicy.NONE.retries(new IllegalStateException(), 1)).isFalse();
  }

  @Test
  void optionsOutOfRangeAreRefusedNamingTheOptionAndItsLimit() {
    assertThatThrownBy(() -> RetryPolicy.fixed(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retry max_attempts: must be 1 or more (1 means no retry), got 0");
    assertThatThrownBy(() -> RetryPolicy.fixed(2, Duration.ofSeconds(-1)))
        .hasMessageContaining("retry initial_delay: must not be negative");
    assertThatThrownBy(
            () -> RetryPolicy.exponential(2, Duration.ofSeconds(1), 0.5, Duration.ofSeconds(9)))
        .hasMessageContaining("retry multiplier: must be a finite number of 1 or more");
    assertThatThrownBy(
            () -> RetryPolicy.exponential(2, Duration.ofSeconds(10), 2, Duration.ofSeconds(1)))
        .hasMessageContaining("retry max_delay: must be at least initial_delay (PT10S)");
    assertThatThrownBy(() -> RetryPolicy.fixed(2, Duration.ZERO).withJitter(1.5))
        .hasMessage("retry jitter: must be from 0 to 1, got 1.5");
    assertThatThrownBy(() -> RetryPolicy.NONE.retryingOn())
        .hasMessageContaining("retry retry_on: name at least one exception class");
  }

  @Test
  void ofCapsAtTheLongestDelayTheAttemptsReachWhenNoMaximumIsGiven() {
    assertThat(RetryPolicy.of(4, Duration.ofSeconds(2), 3, null, 0).maxDelay())
        .isEqualTo(Duration.ofSeconds(18));
    assertThat(RetryPolicy.of(1, Duration.ofSeconds(2), 3, null, 0)).isEqualTo(RetryPolicy.NONE);
  }

  @Test
  void fromPropertiesSetsTheDefaultRetry() {
    Scheduler scheduler =
        Scheduler.fromProperties(
            Map.of(
                "apscheduler.retry.max_attempts", "3",
                "apscheduler.retry.initial_delay", "5s",
                "apscheduler.retry.multiplier", "2",
                "apscheduler.retry.jitter", 0.25));

    assertThat(scheduler.options().defaultRetry())
        .isEqualTo(
            new RetryPolicy(3, Duration.ofSeconds(5), 2, Duration.ofSeconds(10), 0.25, Set.of()));
    assertThatThrownBy(
            () -> Scheduler.fromProperties(Map.of("apscheduler.retry.multiplier", "0.5")))
        .hasMessageContaining("apscheduler.retry.multiplier: '0.5' is not valid");
    assertThatThrownBy(() -> Scheduler.fromProperties(Map.of("apscheduler.retry.delay", "5s")))
        .hasMessageContaining("apscheduler.retry.delay: unknown option");
  }
}
