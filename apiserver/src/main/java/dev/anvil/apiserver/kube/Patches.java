package dev.anvil.apiserver.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.nio.charset.StandardCharsets;

/** The patch types kube-apiserver accepts for custom resources, applied to a stored object. */
public final class Patches {

  /** A patch's media type, from the request's {@code Content-Type}. */
  public enum Type {
    JSON("application/json-patch+json"),
    MERGE("application/merge-patch+json"),
    APPLY("application/apply-patch+yaml"),
    STRATEGIC("application/strategic-merge-patch+json");

    private final String mediaType;

    Type(String mediaType) {
      this.mediaType = mediaType;
    }

    public String mediaType() {
      return mediaType;
    }

    /**
     * The type of a Content-Type header; a strategic merge patch (custom resources have no patch strategies) or
     * anything unknown is a 415, as from kube-apiserver.
     */
    public static Type of(String contentType) {
      var bare = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
      for (var type : values()) {
        if (type.mediaType.equals(bare) && type != STRATEGIC) {
          return type;
        }
      }
      throw ApiStatusException.unsupportedPatch(contentType);
    }
  }

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Patches() {
  }

  /** {@code stored} with {@code patch} applied; the stored node is not changed. */
  public static JsonNode apply(Type type, JsonNode stored, byte[] patch) {
    var text = new String(patch, StandardCharsets.UTF_8);
    return switch (type) {
      case MERGE -> mergePatch(stored.deepCopy(), parse(text, "merge patch"));
      case JSON -> {
        try {
          yield JsonPatch.apply(parse(text, "JSON patch"), stored);
        } catch (JsonPatchException | IllegalArgumentException e) {
          throw ApiStatusException.unprocessable("the JSON patch could not be applied: " + e.getMessage());
        }
      }
      // Server-side apply without field ownership: the applied configuration is merged over the stored object.
      case APPLY -> mergePatch(stored.deepCopy(), parseYaml(text));
      case STRATEGIC -> throw ApiStatusException.unsupportedPatch(type.mediaType());
    };
  }

  /** RFC 7386 JSON merge patch. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    var result = target != null && target.isObject() ? (ObjectNode) target
        : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    patch.fields().forEachRemaining(field -> {
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
      }
    });
    return result;
  }

  static JsonNode parse(String text, String what) {
    try {
      return KubeJson.read(text.getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw ApiStatusException.badRequest("the body of the " + what + " is not valid JSON");
    }
  }

  static JsonNode parseYaml(String text) {
    try {
      JsonNode node = SERIALIZATION.unmarshal(text, JsonNode.class);
      if (node == null || !node.isObject()) {
        throw ApiStatusException.badRequest("the applied configuration must be an object");
      }
      return node;
    } catch (ApiStatusException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ApiStatusException.badRequest("the applied configuration is not valid YAML");
    }
  }
}
