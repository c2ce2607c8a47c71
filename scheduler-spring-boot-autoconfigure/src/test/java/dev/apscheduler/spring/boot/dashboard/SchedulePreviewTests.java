package dev.apscheduler.spring.boot.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.apscheduler.spring.boot.dashboard.SchedulePreview.FireTime;
import dev.apscheduler.trigger.Trigger;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The schedule box: building a trigger from what was typed, and its fire times across DST. */
class SchedulePreviewTests {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void theFireTimeAfterAClockChangeIsMarked() {
    Trigger noon = SchedulePreview.trigger(null, null, fields("hour", "12", "minute", "0"), BERLIN);
    ZonedDateTime now = ZonedDateTime.of(2026, 3, 27, 0, 0, 0, 0, BERLIN);

    List<FireTime> times = SchedulePreview.fireTimes(noon, BERLIN, null, now, 4);

    assertThat(times)
        .extracting(FireTime::local)
        .containsExactly(
            "2026-03-27 12:00:00",
            "2026-03-28 12:00:00",
            "2026-03-29 12:00:00",
            "2026-03-30 12:00:00");
    assertThat(times)
        .extracting(FireTime::offset)
        .containsExactly("+01:00", "+01:00", "+02:00", "+02:00");
    assertThat(times)
        .extracting(FireTime::offsetChanged)
        .containsExactly(false, false, true, false);
  }

  @Test
  void theFirstFireTimeIsComparedWithNow() {
    Trigger noon = SchedulePreview.trigger("0 12 * * *", null, Map.of(), BERLIN);
    ZonedDateTime beforeTheChange = ZonedDateTime.of(2026, 3, 28, 13, 0, 0, 0, BERLIN);

    List<FireTime> times = SchedulePreview.fireTimes(noon, BERLIN, null, beforeTheChange, 1);

    assertThat(times.get(0).local()).isEqualTo("2026-03-29 12:00:00");
    assertThat(times.get(0).offsetChanged()).isTrue();
  }

  @Test
  void anIntervalIsParsedAsPeopleWriteIt() {
    Trigger trigger = SchedulePreview.trigger(null, "90m", Map.of(), ZoneId.of("UTC"));
    ZonedDateTime now = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneId.of("UTC"));

    assertThat(SchedulePreview.fireTimes(trigger, ZoneId.of("UTC"), null, now, 2))
        .extracting(FireTime::local)
        .containsExactly("2026-01-01 01:30:00", "2026-01-01 03:00:00");
    assertThat(TriggerWords.describe(trigger)).isEqualTo("every 1 h 30 min (UTC)");
  }

  @Test
  void whatIsWrongIsNamed() {
    assertThatThrownBy(() -> SchedulePreview.trigger(null, null, fields("minute", "61"), BERLIN))
        .hasMessageStartingWith("minute: '61'");
    assertThatThrownBy(() -> SchedulePreview.trigger("61 * * *", null, Map.of(), BERLIN))
        .hasMessageStartingWith("crontab:");
    assertThatThrownBy(() -> SchedulePreview.trigger(null, "soon", Map.of(), BERLIN))
        .hasMessage("interval: 'soon' is not a duration; expected such as 30s, 15m, 2h or PT1H30M");
    assertThatThrownBy(() -> SchedulePreview.trigger("* * * * *", "5s", Map.of(), BERLIN))
        .hasMessageContaining("give exactly one of crontab, interval or cron fields");
    assertThatThrownBy(() -> SchedulePreview.trigger(null, null, fields("minute", " "), BERLIN))
        .hasMessageContaining("give exactly one");
    assertThatThrownBy(() -> SchedulePreview.zone("Nowhere/Town"))
        .hasMessageStartingWith("zone: 'Nowhere/Town' is not a time zone");
  }

  @Test
  void triggersInWords() {
    ZoneId utc = ZoneId.of("UTC");
    assertThat(
            TriggerWords.describe(
                SchedulePreview.trigger("*/5 9-17 * * mon-fri", null, Map.of(), utc)))
        .isEqualTo("every 5 minutes hour 9-17 on mon-fri (UTC)");
    assertThat(
            TriggerWords.describe(
                SchedulePreview.trigger(
                    null, null, fields("hour", "9", "minute", "30", "day", "last"), utc)))
        .isEqualTo("at 09:30 on day last of the month (UTC)");
  }

  private static Map<String, String> fields(String... namesAndValues) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      fields.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return fields;
  }
}
