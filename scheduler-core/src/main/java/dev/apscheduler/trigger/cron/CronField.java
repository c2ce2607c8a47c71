package dev.apscheduler.trigger.cron;

/**
 * The eight keyword fields of a cron trigger, most significant first, with APScheduler 3.x's value
 * ranges and defaults. Immutable.
 */
enum CronField {
  YEAR("year", 1970, 9999, "*"),
  MONTH("month", 1, 12, "1"),
  DAY("day", 1, 31, "1"),
  WEEK("week", 1, 53, "*"),
  DAY_OF_WEEK("day_of_week", 0, 6, "*"),
  HOUR("hour", 0, 23, "0"),
  MINUTE("minute", 0, 59, "0"),
  SECOND("second", 0, 59, "0");

  private static final CronField[] ALL = values();

  private final String keyword;
  private final int min;
  private final int max;
  private final String defaultExpression;

  CronField(String keyword, int min, int max, String defaultExpression) {
    this.keyword = keyword;
    this.min = min;
    this.max = max;
    this.defaultExpression = defaultExpression;
  }

  /** The keyword name, as in APScheduler ({@code day_of_week}). */
  String keyword() {
    return keyword;
  }

  int min() {
    return min;
  }

  int max() {
    return max;
  }

  /**
   * The expression used when the field is not given and comes after the least significant given
   * field.
   */
  String defaultExpression() {
    return defaultExpression;
  }

  /** What the field accepts, for error messages. */
  String accepted() {
    String numbers = min + ".." + max;
    String common =
        "'*', '*/step', 'a', 'a-b', 'a-b/step', 'a/step' and comma lists, values " + numbers;
    switch (this) {
      case MONTH:
        return common + ", or month names jan..dec ('jan', 'mar-jun')";
      case DAY:
        return common
            + " (above the month's last day they do not match), or 'last', 'last mon'..'last"
            + " sun', '1st mon'..'5th sun'";
      case DAY_OF_WEEK:
        return common + " (0 = Monday), or weekday names mon..sun ('mon', 'mon-fri')";
      default:
        return common;
    }
  }

  static CronField byKeyword(String keyword) {
    for (CronField f : ALL) {
      if (f.keyword.equals(keyword)) {
        return f;
      }
    }
    return null;
  }

  static CronField[] all() {
    return ALL.clone();
  }
}
