package dev.anvil.crds.v1alpha1;

import java.time.Duration;
import java.util.regex.Matcher;

/** Parses the duration strings used across the API (`10s`, `1m30s`, `500ms`, `2h`). */
public final class Durations {

  /** Schema pattern for a duration field: one or more number-unit pairs. */
  public static final String PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";

  private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");
  private static final java.util.regex.Pattern WHOLE = java.util.regex.Pattern.compile(PATTERN);

  private Durations() {
  }

  /** Parses a duration; throws IllegalArgumentException with the offending text when it is malformed. */
  public static Duration parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration such as 10s, 1m30s or 500ms");
    }
    double millis = 0;
    Matcher m = PART.matcher(text);
    while (m.find()) {
      double n = Double.parseDouble(m.group(1));
      millis += switch (m.group(2)) {
        case "ms" -> n;
        case "s" -> n * 1_000;
        case "m" -> n * 60_000;
        default -> n * 3_600_000;
      };
    }
    return Duration.ofMillis(Math.round(millis));
  }

  /** Parses {@code text}, or returns {@code fallback} when it is null. */
  public static Duration parseOr(String text, Duration fallback) {
    return text == null ? fallback : parse(text);
  }
}
