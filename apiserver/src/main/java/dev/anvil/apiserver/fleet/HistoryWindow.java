package dev.anvil.apiserver.fleet;

import dev.anvil.apiserver.kube.ApiStatusException;
import java.time.Duration;
import java.util.regex.Pattern;

/** The {@code since} of a history request: a Go-style duration ({@code 90m}, {@code 1h30m}, {@code 7d}), 6h by default. */
final class HistoryWindow {

  static final Duration DEFAULT = Duration.ofHours(6);
  static final Duration MAX = Duration.ofDays(7);

  private static final Pattern WHOLE = Pattern.compile("(\\d{1,9}(ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private HistoryWindow() {
  }

  /**
   * The window {@code since} names.
   *
   * @throws ApiStatusException 400 for anything but a positive duration of at most seven days
   */
  static Duration parse(String since) {
    if (since == null || since.isEmpty()) {
      return DEFAULT;
    }
    if (!WHOLE.matcher(since).matches()) {
      throw ApiStatusException.badRequest("since must be a duration such as 30m, 6h or 7d, got '" + since + "'");
    }
    var total = Duration.ZERO;
    var parts = PART.matcher(since);
    while (parts.find()) {
      var amount = Long.parseLong(parts.group(1));
      total = total.plus(switch (parts.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      });
    }
    if (total.isZero() || total.compareTo(MAX) > 0) {
      throw ApiStatusException.badRequest("since must be more than 0 and at most 7d, got '" + since + "'");
    }
    return total;
  }
}
