package dev.apscheduler.trigger.cron;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses APScheduler's keyword fields ({@code year month day week day_of_week hour minute second})
 * into a {@link ParsedCron}: fields less significant than the least significant given field default
 * to their minimum, the others to {@code *}. Stateless and thread-safe.
 */
final class KeywordFields {

  private KeywordFields() {}

  /**
   * Parses the expressions, indexed by {@link CronField} ordinal ({@code null} = not given).
   *
   * @throws IllegalArgumentException naming the field, the text and what is accepted
   */
  static ParsedCron parse(String[] expressions) {
    CronField[] all = CronField.all();
    int lastGiven = -1;
    for (int i = 0; i < all.length; i++) {
      if (expressions[i] != null) {
        lastGiven = i;
      }
    }
    Map<String, String> given = new LinkedHashMap<>();
    FieldValues[] values = new FieldValues[all.length];
    StringBuilder description = new StringBuilder("cron[");
    for (int i = 0; i < all.length; i++) {
      CronField field = all[i];
      String expression = expressions[i];
      if (expression != null) {
        given.put(field.keyword(), expression);
        values[i] = FieldParser.parse(field, expression);
        if (description.length() > 5) {
          description.append(", ");
        }
        description.append(field.keyword()).append("='").append(values[i].normalized).append('\'');
      } else {
        values[i] =
            FieldParser.parse(
                field, lastGiven >= 0 && i > lastGiven ? field.defaultExpression() : "*");
      }
    }
    description.append(']');
    CronSchedule schedule =
        new CronSchedule(
            values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7],
            false);
    return new ParsedCron(
        Collections.unmodifiableMap(given), null, schedule, description.toString());
  }
}
