package dev.anvil.cli.console;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;

/**
 * A status the console sends as a text frame ({@code {"type": "opened"|"role"|"closed", "writer": bool, "reason":
 * .., "message": ..}}), as the one-line notice the user reads.
 */
public record ConsoleNotice(String type, Boolean writer, String reason, String message) {

  /** Reads a status frame; text that is no JSON object is shown as it came. */
  public static ConsoleNotice parse(String json) {
    try {
      var fields = Serialization.unmarshal(json, Map.class);
      if (fields != null) {
        return new ConsoleNotice(text(fields.get("type")), fields.get("writer") instanceof Boolean b ? b : null,
            text(fields.get("reason")), text(fields.get("message")));
      }
    } catch (RuntimeException e) {
      // not JSON: shown below as plain text
    }
    return new ConsoleNotice(null, null, null, json.strip());
  }

  /** E.g. {@code [anvil] read-only: alice has the console}. */
  public String line() {
    var text = message != null ? message : reason != null ? reason : type == null ? "" : type;
    if ("closed".equals(type)) {
      return "[anvil] closed: " + text;
    }
    if (Boolean.FALSE.equals(writer) && !text.startsWith("read-only")) {
      return "[anvil] read-only: " + text;
    }
    return "[anvil] " + text;
  }

  private static String text(Object value) {
    return value instanceof String s && !s.isBlank() ? s.strip() : null;
  }
}
