package dev.apscheduler.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apscheduler.Job;
import dev.apscheduler.JobStoreException;
import dev.apscheduler.LostRunPolicy;
import dev.apscheduler.PendingRetry;
import dev.apscheduler.RetryPolicy;
import dev.apscheduler.TaskRegistry;
import dev.apscheduler.trigger.AndTrigger;
import dev.apscheduler.trigger.CalendarIntervalTrigger;
import dev.apscheduler.trigger.DateTrigger;
import dev.apscheduler.trigger.IntervalTrigger;
import dev.apscheduler.trigger.OrTrigger;
import dev.apscheduler.trigger.Trigger;
import dev.apscheduler.trigger.cron.CronTrigger;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JobCodecTest {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final Instant NEXT = Instant.parse("2026-03-01T12:00:00.123456Z");

  private final TaskRegistry tasks = new TaskRegistry();

  JobCodecTest() {
    tasks.register("report", ctx -> {});
  }

  private Job job(Trigger trigger, List<Object> args, Map<String, Object> kwargs) {
    return Job.builder("id-1", tasks.resolve("report"), trigger)
        .name("Nightly report")
        .args(args)
        .kwargs(kwargs)
        .jobStore("store")
        .executor("pool")
        .misfireGraceTime(Duration.ofSeconds(30))
        .coalesce(true)
        .maxRuns(10)
        .runs(4)
        .maxInstances(2)
        .nextRunTime(NEXT)
        .build();
  }

  /** Encodes to JSON text and back, as the stores do. */
  private Job roundTrip(Job job) {
    String json = JobCodec.toJson(JobCodec.encode(job));
    return JobCodec.decode(JobCodec.fromJson(json), job.id(), job.nextRunTime(), "store", tasks);
  }

  static Stream<Trigger> triggers() {
    ZonedDateTime start = ZonedDateTime.of(2026, 1, 1, 9, 0, 0, 0, PARIS);
    return Stream.of(
        DateTrigger.of(start),
        DateTrigger.of(ZonedDateTime.parse("2026-05-01T10:15:30.123456789Z")),
        IntervalTrigger.of(Duration.ofMillis(250)),
        IntervalTrigger.builder()
            .hours(2)
            .minutes(30)
            .startDate(start)
            .endDate(start.plusDays(30))
            .timezone(PARIS)
            .jitter(Duration.ofSeconds(5))
            .build(),
        CronTrigger.builder()
            .year("2026-2030")
            .month("1-6")
            .day("last")
            .week("*")
            .dayOfWeek("mon-fri")
            .hour("9-17")
            .minute("*/15")
            .second("0")
            .startDate(start)
            .endDate(start.plusYears(1))
            .timezone(NEW_YORK)
            .jitter(Duration.ofMillis(1500))
            .build(),
        CronTrigger.builder().day("3rd fri").hour(3).timezone(PARIS).build(),
        CronTrigger.fromCrontab("*/5 9-17 * * 0,6", PARIS),
        CronTrigger.fromCrontab("@daily", NEW_YORK),
        CalendarIntervalTrigger.builder()
            .years(1)
            .months(2)
            .weeks(1)
            .days(3)
            .hour(23)
            .minute(59)
            .second(58)
            .startDate(LocalDate.of(2026, 1, 31))
            .endDate(LocalDate.of(2030, 12, 31))
            .timezone(PARIS)
            .build(),
        CalendarIntervalTrigger.builder().days(1).timezone(NEW_YORK).build(),
        AndTrigger.of(
            CronTrigger.builder().hour("9-17").timezone(PARIS).build(),
            IntervalTrigger.builder().minutes(10).startDate(start).build()),
        OrTrigger.of(
            List.of(
                DateTrigger.of(start),
                AndTrigger.of(
                    CronTrigger.fromCrontab("0 12 * * *", PARIS),
                    CalendarIntervalTrigger.builder().days(2).timezone(PARIS).build())),
            Duration.ofSeconds(3)));
  }

  @ParameterizedTest
  @MethodSource("triggers")
  void everyTriggerTypeSurvivesARoundTrip(Trigger trigger) {
    Job job = job(trigger, List.of(), Map.of());

    Job decoded = roundTrip(job);

    assertThat(decoded.trigger()).isEqualTo(trigger);
    assertThat(decoded.trigger().toString()).isEqualTo(trigger.toString());
    assertThat(decoded).isEqualTo(job.withNextRunTime(decoded.nextRunTime()));
  }

  @Test
  void theWholeJobSurvivesARoundTrip() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("flag", true);
    inner.put("missing", null);
    inner.put("list", List.of(1, List.of("deep", 2.25)));
    Map<String, Object> kwargs = new LinkedHashMap<>();
    kwargs.put("count", 3);
    kwargs.put("long", 9_876_543_210L);
    kwargs.put("huge", new BigInteger("123456789012345678901234567890"));
    kwargs.put("precise", new BigDecimal("0.1000000000000000000001"));
    kwargs.put("ratio", 0.5);
    kwargs.put("text", "line\nbreak \"quotes\" \u00e9\u2713");
    kwargs.put("inner", inner);
    List<Object> args = new ArrayList<>(List.of("a", 1, false));
    args.add(null);
    Job job = job(IntervalTrigger.of(Duration.ofMinutes(5)), args, kwargs);

    Job decoded = roundTrip(job);

    assertThat(decoded).isEqualTo(job.withNextRunTime(decoded.nextRunTime()));
    assertThat(decoded.nextRunTime()).isEqualTo(NEXT);
    assertThat(decoded.task().isResolved()).isTrue();
  }

  @Test
  void documentHoldsTheVersionTheTriggerTypeAndTheOptions() {
    Map<String, Object> doc =
        JobCodec.encode(job(IntervalTrigger.of(Duration.ofSeconds(1)), List.of(), Map.of()));

    assertThat(doc)
        .containsEntry("version", 1)
        .containsEntry("name", "Nightly report")
        .containsEntry("task", "report")
        .containsEntry("executor", "pool")
        .containsEntry("misfire_grace_time", 30_000L)
        .containsEntry("coalesce", true)
        .containsEntry("max_runs", 10)
        .containsEntry("runs", 4)
        .containsEntry("max_instances", 2)
        .containsEntry("paused", false)
        .doesNotContainKeys("id", "next_run_time");
    assertThat(JobCodec.encodeTrigger(IntervalTrigger.of(Duration.ofSeconds(1))))
        .containsEntry("type", "interval")
        .containsEntry("interval", "PT1S");
  }

  @Test
  void retryFieldsAreWrittenOnlyWhenSetAndSurviveARoundTrip() {
    Job plain = job(IntervalTrigger.of(Duration.ofSeconds(1)), List.of(), Map.of());
    Instant fire = Instant.parse("2026-05-01T10:00:00Z");
    Job retrying =
        plain.toBuilder()
            .retryPolicy(
                RetryPolicy.exponential(3, Duration.ofSeconds(2), 1.5, Duration.ofSeconds(4))
                    .withJitter(0.1)
                    .retryingOn(IllegalStateException.class))
            .onLost(LostRunPolicy.RERUN)
            .build()
            .withPendingRetry(new PendingRetry(fire, 2, fire.plusSeconds(2), null));

    assertThat(JobCodec.encode(plain)).doesNotContainKeys("retry", "on_lost", "pending_retry");
    Map<String, Object> doc = JobCodec.encode(retrying);
    assertThat(doc).containsEntry("on_lost", "rerun");
    assertThat(doc.get("retry").toString())
        .contains("max_attempts=3", "initial_delay=2000", "multiplier=1.5", "max_delay=4000")
        .contains("jitter=0.1", "retry_on=[java.lang.IllegalStateException]");
    assertThat(doc.get("pending_retry").toString())
        .contains("fire_time=" + JobCodec.toEpochMicros(fire), "attempt=2");

    Job decoded = roundTrip(retrying);
    assertThat(decoded.retryPolicy()).isEqualTo(retrying.retryPolicy());
    assertThat(decoded.onLost()).isEqualTo(LostRunPolicy.RERUN);
    assertThat(decoded.pendingRetry()).isEqualTo(retrying.pendingRetry());
  }

  @Test
  void misfireGraceTimeIsMillisecondsOrAnIsoDuration() {
    Job fine = job(IntervalTrigger.of(Duration.ofSeconds(1)), List.of(), Map.of());
    Job subMillisecond = fine.toBuilder().misfireGraceTime(Duration.ofNanos(1_500_000)).build();

    assertThat(JobCodec.encode(subMillisecond)).containsEntry("misfire_grace_time", "PT0.0015S");
    assertThat(roundTrip(subMillisecond).misfireGraceTime()).isEqualTo(Duration.ofNanos(1_500_000));
  }

  @Test
  void wallClockTimesInTheAutumnOverlapKeepTheirOccurrence() {
    ZonedDateTime first = ZonedDateTime.of(LocalDateTime.of(2026, 10, 25, 2, 30), PARIS);
    ZonedDateTime second = first.withLaterOffsetAtOverlap();
    assertThat(second.toInstant()).isNotEqualTo(first.toInstant());

    Trigger decoded = roundTrip(job(DateTrigger.of(second), List.of(), Map.of())).trigger();

    assertThat(((DateTrigger) decoded).runDate().toInstant()).isEqualTo(second.toInstant());
    assertThat(((DateTrigger) decoded).runDate().getZone()).isEqualTo(PARIS);
  }

  @Test
  void unresolvableTaskGivesAJobWithAnUnresolvedTask() {
    Map<String, Object> doc =
        JobCodec.encode(job(IntervalTrigger.of(Duration.ofSeconds(1)), List.of(), Map.of()));

    Job decoded = JobCodec.decode(doc, "id-1", NEXT, "store", new TaskRegistry());

    assertThat(decoded.task().isResolved()).isFalse();
    assertThat(decoded.task().reference()).isEqualTo("report");
    assertThat(decoded.task().problem()).contains("no task is registered");
    assertThat(decoded.nextRunTime()).isEqualTo(NEXT);
  }

  @Test
  void pausedJobHasNoNextRunTime() {
    Job paused =
        job(IntervalTrigger.of(Duration.ofSeconds(1)), List.of(), Map.of()).withPaused(true, null);

    Job decoded = roundTrip(paused);

    assertThat(decoded.paused()).isTrue();
    assertThat(decoded.nextRunTime()).isNull();
  }

  @Test
  void documentOfANewerVersionIsRefusedClearly() {
    Map<String, Object> doc =
        new HashMap<>(
            JobCodec.encode(job(IntervalTrigger.of(Duration.ofSeconds(1)), List.of(), Map.of())));
    doc.put("version", 2);

    assertThatThrownBy(() -> JobCodec.decode(doc, "id-1", NEXT, "store", tasks))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("'id-1'")
        .hasMessageContaining("format 2")
        .hasMessageContaining("newer version");
  }

  @Test
  void unknownTriggerTypeIsRefusedClearly() {
    Map<String, Object> doc =
        new HashMap<>(
            JobCodec.encode(job(IntervalTrigger.of(Duration.ofSeconds(1)), List.of(), Map.of())));
    doc.put("trigger", Map.of("type", "lunar"));

    assertThatThrownBy(() -> JobCodec.decode(doc, "id-1", NEXT, "store", tasks))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("'lunar'")
        .hasMessageContaining("date, interval, cron");
  }

  @Test
  void malformedDocumentIsRefusedNamingTheField() {
    Map<String, Object> doc =
        new HashMap<>(
            JobCodec.encode(job(IntervalTrigger.of(Duration.ofSeconds(1)), List.of(), Map.of())));
    doc.put("runs", "many");

    assertThatThrownBy(() -> JobCodec.decode(doc, "id-1", NEXT, "store", tasks))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("'runs'")
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> JobCodec.fromJson("[1, 2]"))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> JobCodec.fromJson("{broken"))
        .isInstanceOf(JobStoreException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void argumentsThatCannotBeEncodedAreRefusedNamingThePathAndTheAlternatives() {
    Trigger trigger = IntervalTrigger.of(Duration.ofSeconds(1));

    assertThatThrownBy(
            () -> JobCodec.requireEncodable(job(trigger, List.of(1, new Object()), Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("args[1]")
        .hasMessageContaining("java.lang.Object")
        .hasMessageContaining("use null, String, Boolean, a Number");
    assertThatThrownBy(
            () ->
                JobCodec.requireEncodable(
                    job(
                        trigger,
                        List.of(),
                        Map.of("when", Map.of("day", LocalDate.of(2026, 1, 1))))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kwargs['when']['day']")
        .hasMessageContaining("java.time.LocalDate")
        .hasMessageContaining("ISO-8601 string");
    assertThatThrownBy(
            () -> JobCodec.requireEncodable(job(trigger, List.of(Map.of(1, "x")), Map.of())))
        .hasMessageContaining("args[0]")
        .hasMessageContaining("java.lang.Integer key");
    assertThatThrownBy(() -> JobCodec.requireEncodable(job(trigger, List.of(Double.NaN), Map.of())))
        .hasMessageContaining("non-finite");
  }

  @Test
  void customTriggerIsRefusedNamingTheBuiltInOnes() {
    Trigger custom = (previous, now) -> Optional.empty();

    assertThatThrownBy(() -> JobCodec.requireEncodable(job(custom, List.of(), Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "built-in triggers (date, interval, cron, calendarinterval, and, or)");
  }

  static Stream<ThrowingCallable> triggersWithADateBeyondTheStoredRange() {
    ZonedDateTime far = ZonedDateTime.of(300_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    ZonedDateTime farBack = ZonedDateTime.of(-300_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    ZonedDateTime start = ZonedDateTime.of(2026, 1, 1, 9, 0, 0, 0, PARIS);
    return Stream.of(
        () -> DateTrigger.of(far),
        () -> DateTrigger.of(farBack),
        () -> IntervalTrigger.builder().hours(1).startDate(far).build(),
        () -> IntervalTrigger.builder().hours(1).startDate(start).endDate(far).build(),
        () -> CronTrigger.builder().hour(3).startDate(farBack).build(),
        () ->
            CalendarIntervalTrigger.builder()
                .days(1)
                .startDate(LocalDate.of(300_000, 1, 1))
                .build());
  }

  /**
   * A year-300000 date cannot reach a store: the trigger refuses it when built, naming the range of
   * supported dates (the store's microseconds would overflow long before).
   */
  @ParameterizedTest
  @MethodSource("triggersWithADateBeyondTheStoredRange")
  void triggerWithADateBeyondTheSupportedRangeIsRefusedWhenBuilt(ThrowingCallable build) {
    assertThatThrownBy(build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("9999");
  }

  @Test
  void nextRunTimeBeyondTheStoredRangeIsRefusedUpFront() {
    Job job =
        job(IntervalTrigger.of(Duration.ofSeconds(1)), List.of(), Map.of())
            .withNextRunTime(Instant.parse("+300000-01-01T00:00:00Z"));

    assertThatThrownBy(() -> JobCodec.requireEncodable(job))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nextRunTime")
        .hasMessageContaining("+294247-01-10T04:00:54.775807Z");
  }

  @Test
  void epochMicrosecondsOutsideALongAreRefusedNamingTheRange() {
    Instant far = Instant.parse("+300000-01-01T00:00:00Z");
    Instant afterMax = JobCodec.fromEpochMicros(Long.MAX_VALUE).plusNanos(1000);
    Instant beforeMin = JobCodec.fromEpochMicros(Long.MIN_VALUE).minusNanos(1);

    for (Instant outside : List.of(far, afterMax, beforeMin, Instant.MAX, Instant.MIN)) {
      assertThatThrownBy(() -> JobCodec.toEpochMicros(outside))
          .as(outside.toString())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(outside.toString())
          .hasMessageContaining("-290308-12-21T19:59:05.224192Z to +294247-01-10T04:00:54.775807Z");
    }
  }

  @Test
  void epochMicrosecondsReachBothEndsOfALong() {
    for (long micros : new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, Long.MAX_VALUE}) {
      assertThat(JobCodec.toEpochMicros(JobCodec.fromEpochMicros(micros))).isEqualTo(micros);
    }
    assertThat(JobCodec.toEpochMicros(JobCodec.fromEpochMicros(Long.MAX_VALUE).plusNanos(999)))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void epochMicrosecondsKeepMicrosecondsAndDatesBefore1970() {
    Instant instant = Instant.parse("2026-03-01T12:00:00.123456789Z");
    Instant old = Instant.parse("1969-12-31T23:59:59.999999Z");

    assertThat(JobCodec.fromEpochMicros(JobCodec.toEpochMicros(instant)))
        .isEqualTo(Instant.parse("2026-03-01T12:00:00.123456Z"));
    assertThat(JobCodec.toEpochMicros(old)).isEqualTo(-1);
    assertThat(JobCodec.fromEpochMicros(-1)).isEqualTo(old);
  }
}
