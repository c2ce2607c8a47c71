package dev.apscheduler.benchmarks;

import dev.apscheduler.trigger.cron.CronTrigger;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: the cost of {@link CronTrigger#nextFireTime} for a simple crontab line and for a complex
 * expression (month range, last day of the month, weekdays, hour range, steps), from a spread of
 * starting times.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CronBenchmark {

  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  private static final int STARTS = 1024;

  private CronTrigger simple;
  private CronTrigger complex;
  private ZonedDateTime[] starts;
  private int next;

  /** Builds the triggers and the starting times (one every 7h 13min from 2026-01-01). */
  @Setup
  public void setUp() {
    simple = CronTrigger.fromCrontab("*/5 * * * *", ZONE);
    complex =
        CronTrigger.builder()
            .year("*")
            .month("1-6,9-11")
            .day("last")
            .week("*")
            .dayOfWeek("mon-fri")
            .hour("9-17")
            .minute("*/15")
            .second("0")
            .timezone(ZONE)
            .build();
    starts = new ZonedDateTime[STARTS];
    ZonedDateTime time = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZONE);
    for (int i = 0; i < STARTS; i++) {
      starts[i] = time;
      time = time.plusHours(7).plusMinutes(13);
    }
  }

  private ZonedDateTime nextStart() {
    next = (next + 1) & (STARTS - 1);
    return starts[next];
  }

  /** Next fire time of {@code *}{@code /5 * * * *}. */
  @Benchmark
  public Object simpleNextFireTime() {
    ZonedDateTime now = nextStart();
    return simple.nextFireTime(now, now);
  }

  /** Next fire time of the complex expression. */
  @Benchmark
  public Object complexNextFireTime() {
    ZonedDateTime now = nextStart();
    return complex.nextFireTime(now, now);
  }
}
