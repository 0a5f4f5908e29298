package dev.anvil.apiserver.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anvil.crds.validation.ValidationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What kube-apiserver does to a custom resource before it stores it, for a backing API that does none of it (the
 * embedded mock): the request's names checked, the status subresource's rules kept, the CRD's structural schema,
 * ObjectMeta and CEL rules validated (422 Invalid with causes), unknown fields handled as {@code fieldValidation}
 * asks, then pruned and defaulted.
 */
public final class EmbeddedAdmission {

  /** The object to store and the warnings to send with the answer. */
  public record Admitted(JsonNode object, List<String> warnings) {
  }

  /** kube-apiserver's {@code fieldValidation}: what to do with fields the schema does not declare. */
  public enum FieldValidation {
    STRICT, WARN, IGNORE;

    /** The query parameter's value; kube-apiserver's default is Warn. */
    public static FieldValidation parse(String value) {
      if (value == null || value.isEmpty()) {
        return WARN;
      }
      return switch (value) {
        case "Strict" -> STRICT;
        case "Warn" -> WARN;
        case "Ignore" -> IGNORE;
        default -> throw ApiStatusException.badRequest("fieldValidation must be Strict, Warn or Ignore, not "
            + value);
      };
    }
  }

  private EmbeddedAdmission() {
  }

  /** A new object for {@code POST} to the collection of {@code path}. */
  public static Admitted create(ResourcePath path, JsonNode body, FieldValidation fields) {
    var object = objectOf(body);
    var metadata = metadataOf(object);
    if (!metadata.hasNonNull("namespace")) {
      metadata.put("namespace", path.namespace());
    } else if (!metadata.get("namespace").asText().equals(path.namespace())) {
      throw ApiStatusException.badRequest("the namespace of the provided object does not match the namespace sent on"
          + " the request");
    }
    if (path.resource().statusSubresource()) {
      // with a status subresource, kube-apiserver drops the status a create sends
      object.remove("status");
    }
    var name = metadata.path("name").asText(metadata.path("generateName").asText(""));
    return admit(path.resource(), name, object, null, fields);
  }

  /** {@code object} replacing {@code stored} by a PUT (or a patch) on the object itself. */
  public static Admitted update(ResourcePath path, JsonNode body, JsonNode stored, FieldValidation fields) {
    var object = objectOf(body);
    checkNames(path, object);
    if (path.resource().statusSubresource()) {
      // changes to the status go through the status subresource only
      if (stored.has("status")) {
        object.set("status", stored.get("status").deepCopy());
      } else {
        object.remove("status");
      }
    }
    return admit(path.resource(), path.name(), object, stored, fields);
  }

  /** The stored object with the status of {@code body}, for a PUT (or patch) of the status subresource. */
  public static Admitted updateStatus(ResourcePath path, JsonNode body, JsonNode stored, FieldValidation fields) {
    var sent = objectOf(body);
    checkNames(path, sent);
    var object = (ObjectNode) stored.deepCopy();
    if (sent.has("status")) {
      object.set("status", sent.get("status"));
    } else {
      object.remove("status");
    }
    var rv = sent.path("metadata").path("resourceVersion");
    if (rv.isTextual()) {
      metadataOf(object).put("resourceVersion", rv.asText());
    }
    return admit(path.resource(), path.name(), object, stored, fields);
  }

  private static Admitted admit(ServedResource resource, String name, ObjectNode object, JsonNode stored,
      FieldValidation fields) {
    ValidationReport report = resource.validator().check(object, stored);
    if (!report.errors().isEmpty()) {
      throw ApiStatusException.invalid(resource, name, report.errors());
    }
    var warnings = new ArrayList<String>();
    if (!report.unknownFields().isEmpty()) {
      switch (fields) {
        case STRICT -> throw ApiStatusException.strictDecoding(resource, report.unknownFields());
        case WARN -> warnings.addAll(report.warnings());
        case IGNORE -> {
        }
      }
    }
    return new Admitted(resource.validator().pruneAndDefault(object), warnings);
  }

  private static void checkNames(ResourcePath path, ObjectNode object) {
    var metadata = metadataOf(object);
    var name = metadata.path("name").asText("");
    if (!name.equals(path.name())) {
      throw ApiStatusException.badRequest("the name of the object (" + name + ") does not match the name on the URL ("
          + path.name() + ")");
    }
    var namespace = metadata.path("namespace");
    if (namespace.isTextual() && !namespace.asText().equals(path.namespace())) {
      throw ApiStatusException.badRequest("the namespace of the provided object does not match the namespace sent on"
          + " the request");
    }
    if (!namespace.isTextual()) {
      metadata.put("namespace", path.namespace());
    }
  }

  private static ObjectNode objectOf(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiStatusException.badRequest("the request body must be a JSON object");
    }
    return (ObjectNode) body.deepCopy();
  }

  private static ObjectNode metadataOf(ObjectNode object) {
    var metadata = object.get("metadata");
    if (metadata == null || !metadata.isObject()) {
      return object.putObject("metadata");
    }
    return (ObjectNode) Objects.requireNonNull(metadata);
  }
}
