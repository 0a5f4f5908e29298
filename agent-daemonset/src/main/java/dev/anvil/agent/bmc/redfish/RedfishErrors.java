package dev.anvil.agent.bmc.redfish;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashSet;

/** The human message of a Redfish error body: its {@code @Message.ExtendedInfo} messages, else {@code error.message}. */
final class RedfishErrors {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_LENGTH = 500;

  private RedfishErrors() {
  }

  /** The messages joined with "; ", shortened to a sane length; null when the body says nothing readable. */
  static String message(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      var root = JSON.readTree(body);
      if (root == null) {
        return null;
      }
      var error = root.has("error") ? root.path("error") : root;
      var messages = new LinkedHashSet<String>();
      for (var info : error.path("@Message.ExtendedInfo")) {
        var text = RedfishJson.text(info, "Message");
        if (text != null) {
          messages.add(text);
        }
      }
      if (messages.isEmpty() && RedfishJson.text(error, "message") != null) {
        messages.add(RedfishJson.text(error, "message"));
      }
      var joined = String.join("; ", messages);
      return joined.isEmpty() ? null : joined.length() > MAX_LENGTH ? joined.substring(0, MAX_LENGTH) + "..." : joined;
    } catch (IOException e) {
      return null;
    }
  }
}
