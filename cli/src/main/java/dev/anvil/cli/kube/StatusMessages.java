package dev.anvil.cli.kube;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;

/** Reads the message out of an error answer: a Kubernetes {@code Status}, or whatever text came. */
public final class StatusMessages {

  private StatusMessages() {
  }

  /** The exception the user sees for an error answer, with 401 and 403 named plainly. */
  public static ApiException error(int code, String body) {
    var message = message(body);
    return switch (code) {
      case 401 -> new ApiException(code, "Unauthorized: the apiserver did not accept the kubeconfig's credentials"
          + (message.isEmpty() ? "" : " (" + message + ")"));
      case 403 -> new ApiException(code, "Forbidden: " + (message.isEmpty() ? "not allowed" : message));
      default -> new ApiException(code, message.isEmpty() ? "the apiserver answered HTTP " + code : message);
    };
  }

  /** The Status message, else the body's text on one line, else empty. */
  static String message(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      var parsed = Serialization.unmarshal(body, Map.class);
      if (parsed != null && parsed.get("message") instanceof String text && !text.isBlank()) {
        return text.strip();
      }
    } catch (RuntimeException e) {
      // not JSON: the text itself is the best message there is
    }
    return oneLine(body);
  }

  /** Text on one line, cut at 500 characters: an HTML error page must not flood the terminal. */
  public static String oneLine(String text) {
    var line = text.strip().replaceAll("\\s+", " ");
    return line.length() > 500 ? line.substring(0, 500) + "..." : line;
  }
}
