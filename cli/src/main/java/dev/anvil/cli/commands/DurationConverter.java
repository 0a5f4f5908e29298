package dev.anvil.cli.commands;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** Reads durations as kubectl writes them ({@code 30s}, {@code 5m}, {@code 1h}) or in ISO-8601 ({@code PT5M}). */
final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    var text = value.strip().toLowerCase(Locale.ROOT);
    if (text.matches("\\d+(ms|s|m|h)")) {
      var amount = Long.parseLong(text.replaceAll("\\D", ""));
      return switch (text.replaceAll("\\d", "")) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    }
    return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
  }
}
