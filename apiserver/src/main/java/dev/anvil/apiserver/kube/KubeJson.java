package dev.anvil.apiserver.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Jackson 2, as the Fabric8 model and the CRD validator use it (Spring MVC here runs Jackson 3, so bodies pass through
 * MVC as bytes).
 */
final class KubeJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private KubeJson() {
  }

  /** Parses JSON; malformed input is a 400, as kube-apiserver answers it. */
  static JsonNode read(byte[] json) {
    if (json == null || json.length == 0) {
      throw ApiStatusException.badRequest("the request body is empty");
    }
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw ApiStatusException.badRequest("the request body is not valid JSON");
    }
  }

  static byte[] write(Object node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
