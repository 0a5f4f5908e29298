package dev.anvil.apiserver.actions;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;

/**
 * Reads an action's JSON body whatever content type it came with ({@code kubectl create --raw -f} sends none that
 * Spring would map); a body that is no JSON object is a 400.
 */
final class RequestBodies {

  private RequestBodies() {
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(byte[] body) {
    if (body == null || body.length == 0) {
      return Map.of();
    }
    try {
      var parsed = Serialization.unmarshal(new String(body, java.nio.charset.StandardCharsets.UTF_8), Map.class);
      return parsed == null ? Map.of() : parsed;
    } catch (RuntimeException e) {
      throw ActionErrors.badRequest("the body is not a JSON object");
    }
  }
}
