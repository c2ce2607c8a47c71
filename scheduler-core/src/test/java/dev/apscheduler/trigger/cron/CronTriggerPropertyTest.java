package dev.apscheduler.trigger.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Property tests over random expressions, zones and start times, checked against an independent
 * matcher written here: results strictly increase, every result matches every field (or is the
 * shifted instant of a matching wall time in a daylight saving gap), no instant between two results
 * matches, and start and end dates hold.
 *
 * <p>The seed is random; set {@code -Dapscheduler.test.seed=N} to repeat a failing run (the seed is
 * in every failure message).
 */
class CronTriggerPropertyTest {

  static final List<ZoneId> ZONES =
      List.of(
          ZoneId.of("Europe/Berlin"),
          ZoneId.of("America/New_York"),
          ZoneId.of("Australia/Lord_Howe"),
          ZoneId.of("America/Santiago"),
          ZoneId.of("Pacific/Chatham"),
          ZoneId.of("UTC"));

  static final String[] MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };
  static final String[] WEEKDAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  static final String[] CRON_WEEKDAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  static final String[] POSITIONS = {"1st", "2nd", "3rd", "4th", "5th", "last"};

  static final long SEED =
      Long.getLong("apscheduler.test.seed", new Random().nextLong() & Long.MAX_VALUE);

  /** Cases per property. */
  static final int CASES = Integer.getInteger("apscheduler.test.cases", 400);

  /** Results checked per case. */
  static final int RESULTS = 10;

  // ---------------------------------------------------------------- the independent matcher

  /** The allowed values of every field, and how day of month and day of week combine. */
  static final class Spec {
    final boolean[][] allowed = new boolean[8][];
    boolean lastDay;
    final List<int[]> positional = new ArrayList<>();
    boolean either; // crontab: day of month OR day of week
    final Map<Long, Boolean> dateCache = new HashMap<>();

    Spec() {
      for (CronField f : CronField.values()) {
        allowed[f.ordinal()] = new boolean[f.max() + 1];
      }
    }

    boolean[] of(CronField f) {
      return allowed[f.ordinal()];
    }

    boolean dateMatches(long epochDay) {
      return dateCache.computeIfAbsent(epochDay, d -> dateMatches(LocalDate.ofEpochDay(d)));
    }

    boolean dateMatches(LocalDate date) {
      if (date.getYear() > 9999 || date.getYear() < 1970 || !of(CronField.YEAR)[date.getYear()]) {
        return false;
      }
      if (!of(CronField.MONTH)[date.getMonthValue()]) {
        return false;
      }
      int d = date.getDayOfMonth();
      int length = date.lengthOfMonth();
      int weekday = date.getDayOfWeek().getValue() - 1;
      boolean dom = of(CronField.DAY)[d] || (lastDay && d == length);
      for (int[] p : positional) {
        if (p[1] == weekday && (p[0] < 5 ? (d - 1) / 7 == p[0] : d + 7 > length)) {
          dom = true;
        }
      }
      boolean dow = of(CronField.DAY_OF_WEEK)[weekday];
      boolean week = of(CronField.WEEK)[date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)];
      return week && (either ? dom || dow : dom && dow);
    }

    boolean matches(long localSeconds) {
      int sod = (int) Math.floorMod(localSeconds, 86_400L);
      return of(CronField.HOUR)[sod / 3600]
          && of(CronField.MINUTE)[sod / 60 % 60]
          && of(CronField.SECOND)[sod % 60]
          && dateMatches(Math.floorDiv(localSeconds, 86_400L));
    }

    int singleSecond() {
      int found = -1;
      for (int s = 0; s < 60; s++) {
        if (of(CronField.SECOND)[s]) {
          if (found >= 0) {
            return -1;
          }
          found = s;
        }
      }
      return found;
    }
  }

  // ---------------------------------------------------------------- generators

  /** A random numeric expression for [min, max]; marks its values in {@code allowed}. */
  static String numeric(Random r, int min, int max, boolean[] allowed) {
    int parts = r.nextInt(10) < 7 ? 1 : 2 + r.nextInt(2);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < parts; i++) {
      if (i > 0) {
        text.append(r.nextBoolean() ? "," : " , ");
      }
      int a = min + r.nextInt(max - min + 1);
      int b = a + r.nextInt(max - a + 1);
      switch (r.nextInt(parts == 1 ? 6 : 5) + (parts == 1 ? 0 : 1)) {
        case 0 -> {
          text.append('*');
          mark(allowed, min, max, 1);
        }
        case 1 -> {
          int s = 1 + r.nextInt(Math.max(1, Math.min(max - min, 20)));
          text.append("*/").append(s);
          mark(allowed, min, max, s);
        }
        case 2 -> {
          text.append(a);
          allowed[a] = true;
        }
        case 3 -> {
          text.append(a).append('-').append(b);
          mark(allowed, a, b, 1);
        }
        case 4 -> {
          if (b == a) {
            text.append(a);
            allowed[a] = true;
          } else {
            int s = 1 + r.nextInt(b - a);
            text.append(a).append('-').append(b).append('/').append(s);
            mark(allowed, a, b, s);
          }
        }
        default -> {
          if (a == max) {
            text.append(a);
            allowed[a] = true;
          } else {
            int s = 1 + r.nextInt(max - a);
            text.append(a).append('/').append(s);
            mark(allowed, a, max, s);
          }
        }
      }
    }
    return text.toString();
  }

  static void mark(boolean[] allowed, int from, int to, int step) {
    for (int v = from; v <= to; v += step) {
      allowed[v] = true;
    }
  }

  static String field(Random r, CronField field, Spec spec) {
    boolean[] allowed = spec.of(field);
    switch (field) {
      case YEAR:
        if (r.nextBoolean()) {
          int a = 2000 + r.nextInt(40);
          int b = a + r.nextInt(15);
          mark(allowed, a, b, 1);
          return a + "-" + b;
        }
        mark(allowed, 1970, 9999, 1);
        return "*";
      case MONTH:
        if (r.nextInt(4) == 0) {
          int a = r.nextInt(12);
          int b = a + r.nextInt(12 - a);
          mark(allowed, a + 1, b + 1, 1);
          return a == b ? MONTHS[a].toUpperCase() : MONTHS[a] + "-" + MONTHS[b];
        }
        return numeric(r, 1, 12, allowed);
      case DAY:
        switch (r.nextInt(6)) {
          case 0:
            spec.lastDay = true;
            return "last";
          case 1:
            {
              int p = r.nextInt(6);
              int w = r.nextInt(7);
              spec.positional.add(new int[] {p, w});
              String text = POSITIONS[p] + " " + WEEKDAYS[w];
              if (r.nextBoolean()) {
                text = text + "," + numeric(r, 1, 31, allowed);
              }
              return text;
            }
          default:
            return numeric(r, 1, 31, allowed);
        }
      case DAY_OF_WEEK:
        if (r.nextInt(3) == 0) {
          int a = r.nextInt(7);
          int b = a + r.nextInt(7 - a);
          mark(allowed, a, b, 1);
          return a == b ? WEEKDAYS[a] : WEEKDAYS[a] + "-" + WEEKDAYS[b];
        }
        return numeric(r, 0, 6, allowed);
      default:
        return numeric(r, field.min(), field.max(), allowed);
    }
  }

  /** A keyword trigger with the given fields drawn at random, the others per the default rule. */
  static CronTrigger keywordTrigger(Random r, ZoneId zone, List<CronField> given, Spec spec) {
    CronTrigger.Builder b = CronTrigger.builder().timezone(zone);
    int last = -1;
    for (CronField f : given) {
      last = Math.max(last, f.ordinal());
    }
    for (CronField f : CronField.values()) {
      if (given.contains(f)) {
        String text = field(r, f, spec);
        switch (f) {
          case YEAR -> b.year(text);
          case MONTH -> b.month(text);
          case DAY -> b.day(text);
          case WEEK -> b.week(text);
          case DAY_OF_WEEK -> b.dayOfWeek(text);
          case HOUR -> b.hour(text);
          case MINUTE -> b.minute(text);
          case SECOND -> b.second(text);
        }
      } else if (f.ordinal() > last && f != CronField.WEEK && f != CronField.DAY_OF_WEEK) {
        spec.of(f)[f.min()] = true; // default: the minimum
      } else {
        mark(spec.of(f), f.min(), f.max(), 1);
      }
    }
    return b.build();
  }

  // ---------------------------------------------------------------- the checks

  /** Instants (epoch seconds) as wall local seconds, fast: the offset is kept per segment. */
  static final class Walker {
    final ZoneRules rules;
    long segmentEnd = Long.MIN_VALUE;
    long segmentStart = Long.MAX_VALUE;
    int offset;

    Walker(ZoneId zone) {
      this.rules = zone.getRules();
    }

    long wall(long instant) {
      if (instant >= segmentEnd || instant < segmentStart) {
        Instant i = Instant.ofEpochSecond(instant);
        offset = rules.getOffset(i).getTotalSeconds();
        ZoneOffsetTransition next = rules.nextTransition(i);
        ZoneOffsetTransition previous =
            rules.previousTransition(Instant.ofEpochSecond(instant + 1));
        segmentEnd = next == null ? Long.MAX_VALUE : next.toEpochSecond();
        segmentStart = previous == null ? Long.MIN_VALUE : previous.toEpochSecond();
      }
      return instant + offset;
    }
  }

  /** The first instant in [from, to) whose wall time matches, or -1; skips non-matching days. */
  static long firstMatch(Spec spec, Walker walker, long from, long to) {
    int second = spec.singleSecond();
    long t = from;
    while (t < to) {
      long wall = walker.wall(t);
      long day = Math.floorDiv(wall, 86_400L);
      if (!spec.dateMatches(day)) {
        long nextDay = (day + 1) * 86_400L - walker.offset;
        t = Math.max(t + 1, Math.min(nextDay, walker.segmentEnd));
        continue;
      }
      if (spec.matches(wall)) {
        return t;
      }
      if (second >= 0) {
        int current = (int) Math.floorMod(wall, 60L);
        long step = Math.floorMod(second - current, 60);
        t += step == 0 ? 60 : step;
      } else {
        t++;
      }
    }
    return -1;
  }

  /** True if the instant's wall time matches, or it is where a matching gap time is shifted to. */
  static boolean accepted(Spec spec, ZoneId zone, long instant) {
    ZoneRules rules = zone.getRules();
    long wall = instant + rules.getOffset(Instant.ofEpochSecond(instant)).getTotalSeconds();
    if (spec.matches(wall)) {
      return true;
    }
    ZoneOffsetTransition t = rules.previousTransition(Instant.ofEpochSecond(instant + 1));
    if (t != null && t.isGap() && instant - t.toEpochSecond() < t.getDuration().getSeconds()) {
      long gapWall =
          t.getDateTimeBefore().toEpochSecond(ZoneOffset.UTC) + (instant - t.toEpochSecond());
      return spec.matches(gapWall);
    }
    return false;
  }

  /** A random "now": mostly near one of the zone's transitions, sometimes with a fraction. */
  static ZonedDateTime randomNow(Random r, ZoneId zone) {
    long base =
        LocalDateTime.of(1995 + r.nextInt(40), 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC)
            + r.nextLong(365L * 86_400);
    ZoneOffsetTransition t = zone.getRules().nextTransition(Instant.ofEpochSecond(base));
    if (t != null && r.nextInt(10) < 7) {
      base = t.toEpochSecond() - 3 * 86_400 + r.nextLong(4 * 86_400);
      if (r.nextBoolean()) {
        base = t.toEpochSecond() - r.nextInt(3 * 3600);
      }
    }
    int nanos = r.nextInt(4) == 0 ? 1 + r.nextInt(999_999_999) : 0;
    return ZonedDateTime.ofInstant(Instant.ofEpochSecond(base, nanos), ZoneOffset.UTC);
  }

  static void checkCase(
      long caseSeed, CronTrigger trigger, Spec spec, ZoneId zone, ZonedDateTime now, long window) {
    String label =
        "seed "
            + SEED
            + ", case seed "
            + caseSeed
            + ", "
            + trigger
            + " in "
            + zone
            + " from "
            + now;
    Walker walker = new Walker(zone);
    long lower = now.toEpochSecond() + (now.getNano() > 0 ? 1 : 0);
    Optional<ZonedDateTime> start = trigger.startDate();
    if (start.isPresent() && start.get().toEpochSecond() > lower) {
      lower = start.get().toEpochSecond();
    }
    Long end = trigger.endDate().map(ZonedDateTime::toEpochSecond).orElse(null);
    ZonedDateTime previous = null;
    ZonedDateTime current = now;
    long last = Long.MIN_VALUE;
    for (int i = 0; i < RESULTS; i++) {
      Optional<ZonedDateTime> next = trigger.nextFireTime(previous, current);
      if (next.isEmpty()) {
        long to = end != null ? end + 1 : lower + window;
        assertThat(firstMatch(spec, walker, lower, Math.min(to, lower + window)))
            .as("finished, yet a later instant matches: " + label)
            .isEqualTo(-1);
        return;
      }
      long r = next.get().toEpochSecond();
      assertThat(next.get().getZone()).as(label).isEqualTo(zone);
      assertThat(next.get().getNano()).as(label).isZero();
      assertThat(r).as("strictly increasing: " + label).isGreaterThan(last);
      assertThat(r).as("not before the search start: " + label).isGreaterThanOrEqualTo(lower);
      if (end != null) {
        assertThat(r).as("end date: " + label).isLessThanOrEqualTo(end);
      }
      assertThat(accepted(spec, zone, r))
          .as("result " + next.get() + " matches the fields: " + label)
          .isTrue();
      if (r - lower <= window) {
        long skipped = firstMatch(spec, walker, lower, r);
        assertThat(skipped)
            .as(
                "matching instant skipped before "
                    + next.get()
                    + ": "
                    + Instant.ofEpochSecond(skipped)
                    + ", "
                    + label)
            .isEqualTo(-1);
      }
      last = r;
      lower = r + 1;
      previous = next.get();
      current = next.get();
    }
  }

  static CronTrigger withStartEnd(Random r, CronTrigger trigger, ZonedDateTime now) {
    int choice = r.nextInt(4);
    if (choice >= 2) {
      return trigger;
    }
    CronTrigger.Builder b = CronTrigger.builder().timezone(trigger.zone());
    trigger
        .fields()
        .forEach(
            (k, v) -> {
              switch (k) {
                case "year" -> b.year(v);
                case "month" -> b.month(v);
                case "day" -> b.day(v);
                case "week" -> b.week(v);
                case "day_of_week" -> b.dayOfWeek(v);
                case "hour" -> b.hour(v);
                case "minute" -> b.minute(v);
                default -> b.second(v);
              }
            });
    ZonedDateTime start = now.plusSeconds(r.nextInt(3 * 86_400)).withNano(0);
    if (choice == 0) {
      b.startDate(start);
    }
    b.endDate(start.plusSeconds(3600 + r.nextInt(5 * 86_400)));
    CronTrigger rebuilt = b.build();
    assertThat(rebuilt.fields()).isEqualTo(trigger.fields());
    return rebuilt;
  }

  @Test
  @Timeout(60)
  void secondResolutionNearTransitions() {
    Random seeds = new Random(SEED);
    for (int c = 0; c < CASES; c++) {
      long caseSeed = seeds.nextLong();
      Random r = new Random(caseSeed);
      ZoneId zone = ZONES.get(r.nextInt(ZONES.size()));
      List<CronField> given = new ArrayList<>();
      for (CronField f : List.of(CronField.HOUR, CronField.MINUTE, CronField.SECOND)) {
        if (r.nextInt(3) > 0) {
          given.add(f);
        }
      }
      if (given.isEmpty()) {
        given.add(CronField.MINUTE);
      }
      Spec spec = new Spec();
      ZonedDateTime now = randomNow(r, zone);
      CronTrigger trigger = withStartEnd(r, keywordTrigger(r, zone, given, spec), now);
      checkCase(caseSeed, trigger, spec, zone, now, 2 * 86_400L);
    }
  }

  @Test
  @Timeout(60)
  void minuteResolutionOverDays() {
    Random seeds = new Random(SEED + 1);
    List<CronField> dayLevel =
        List.of(
            CronField.YEAR,
            CronField.MONTH,
            CronField.DAY,
            CronField.WEEK,
            CronField.DAY_OF_WEEK,
            CronField.HOUR,
            CronField.MINUTE);
    for (int c = 0; c < CASES; c++) {
      long caseSeed = seeds.nextLong();
      Random r = new Random(caseSeed);
      ZoneId zone = ZONES.get(r.nextInt(ZONES.size()));
      List<CronField> given = new ArrayList<>();
      for (CronField f : dayLevel) {
        int odds = f == CronField.YEAR || f == CronField.WEEK ? 6 : 2;
        if (r.nextInt(odds) == 0) {
          given.add(f);
        }
      }
      given.add(CronField.SECOND); // a single second keeps the scan at minute steps
      Spec spec = new Spec();
      ZonedDateTime now = randomNow(r, zone);
      CronTrigger trigger = keywordTrigger(r, zone, given, spec);
      if (spec.singleSecond() < 0) {
        continue; // drawn as a range or list: covered by the second-resolution test
      }
      checkCase(caseSeed, withStartEnd(r, trigger, now), spec, zone, now, 800L * 86_400);
    }
  }

  @Test
  @Timeout(60)
  void crontabLines() {
    Random seeds = new Random(SEED + 2);
    for (int c = 0; c < CASES; c++) {
      long caseSeed = seeds.nextLong();
      Random r = new Random(caseSeed);
      ZoneId zone = ZONES.get(r.nextInt(ZONES.size()));
      Spec spec = new Spec();
      mark(spec.of(CronField.YEAR), 1970, 9999, 1);
      mark(spec.of(CronField.WEEK), 1, 53, 1);
      spec.of(CronField.SECOND)[0] = true;
      String minute = numeric(r, 0, 59, spec.of(CronField.MINUTE));
      String hour = r.nextBoolean() ? numeric(r, 0, 23, spec.of(CronField.HOUR)) : "*";
      if (hour.equals("*")) {
        mark(spec.of(CronField.HOUR), 0, 23, 1);
      }
      String day = r.nextBoolean() ? numeric(r, 1, 31, spec.of(CronField.DAY)) : "*";
      if (day.equals("*")) {
        mark(spec.of(CronField.DAY), 1, 31, 1);
      }
      String month = r.nextInt(3) == 0 ? numeric(r, 1, 12, spec.of(CronField.MONTH)) : "*";
      if (month.equals("*")) {
        mark(spec.of(CronField.MONTH), 1, 12, 1);
      }
      boolean[] cronDow = new boolean[8];
      String dow;
      if (r.nextBoolean()) {
        dow = "*";
        mark(cronDow, 0, 7, 1);
      } else if (r.nextInt(3) == 0) {
        int a = r.nextInt(7);
        int b = a + r.nextInt(7 - a);
        mark(cronDow, a, b, 1);
        dow = a == b ? CRON_WEEKDAYS[a] : CRON_WEEKDAYS[a] + "-" + CRON_WEEKDAYS[b];
      } else {
        dow = numeric(r, 0, 7, cronDow).replace(" ", "");
      }
      for (int n = 0; n <= 7; n++) {
        if (cronDow[n]) {
          spec.of(CronField.DAY_OF_WEEK)[(n + 6) % 7] = true;
        }
      }
      spec.either = !day.startsWith("*") && !dow.startsWith("*");
      String line =
          String.join(
              " ",
              minute.replace(" ", ""),
              hour.replace(" ", ""),
              day.replace(" ", ""),
              month.replace(" ", ""),
              dow);
      CronTrigger trigger = CronTrigger.fromCrontab(line, zone);
      assertThat(trigger.crontab()).contains(line);
      checkCase(caseSeed, trigger, spec, zone, randomNow(r, zone), 800L * 86_400);
    }
  }
}
