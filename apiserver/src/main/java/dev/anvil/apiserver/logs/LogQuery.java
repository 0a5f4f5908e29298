package dev.anvil.apiserver.logs;

/**
 * What a log request asks for, validated.
 *
 * @param follow     keep streaming until the attempt's log is complete
 * @param attempt    the attempt number, or null for the Job's current (or last) one
 * @param tailLines  only the last this many lines, or null for all
 * @param timestamps prefix each line with its RFC 3339 time, as {@code kubectl logs --timestamps} does
 */
public record LogQuery(boolean follow, Integer attempt, Long tailLines, boolean timestamps) {

  /** Parses the raw query values; anything kubectl would not send is a 400 naming the parameter. */
  public static LogQuery parse(String job, String follow, String attempt, String tailLines, String timestamps) {
    var number = integer(job, "attempt", attempt);
    if (number != null && number < 1) {
      throw StatusException.badRequest(job, "attempt must be at least 1, was " + number);
    }
    var tail = integer(job, "tailLines", tailLines);
    if (tail != null && tail < 0) {
      throw StatusException.badRequest(job, "tailLines must not be negative, was " + tail);
    }
    return new LogQuery(bool(job, "follow", follow), number == null ? null : number.intValue(), tail,
        bool(job, "timestamps", timestamps));
  }

  private static boolean bool(String job, String name, String value) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    return switch (value) {
      // the spellings Go's strconv.ParseBool accepts, which is what the Kubernetes API server takes
      case "true", "True", "TRUE", "1", "t", "T" -> true;
      case "false", "False", "FALSE", "0", "f", "F" -> false;
      default -> throw StatusException.badRequest(job, name + " must be true or false, was '" + value + "'");
    };
  }

  private static Long integer(String job, String name, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      var parsed = Long.parseLong(value);
      if (name.equals("attempt") && parsed > Integer.MAX_VALUE) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw StatusException.badRequest(job, name + " must be an integer, was '" + value + "'");
    }
  }
}
