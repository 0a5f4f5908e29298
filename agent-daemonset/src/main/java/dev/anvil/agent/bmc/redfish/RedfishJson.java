package dev.anvil.agent.bmc.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anvil.agent.bmc.BmcSnapshot.Health;
import java.util.ArrayList;
import java.util.List;

/**
 * Tolerant reading of Redfish JSON as BMCs really send it: a missing property, a null, a number sent as a string or
 * an unknown enum value reads as null, never as an exception.
 */
final class RedfishJson {

  private RedfishJson() {
  }

  /** A text property, or null when missing, null, empty or not a scalar. */
  static String text(JsonNode node, String field) {
    var value = node.path(field);
    if (!value.isValueNode() || value.isNull()) {
      return null;
    }
    var text = value.asText().trim();
    return text.isEmpty() ? null : text;
  }

  /** A finite number, also from a numeric string; null otherwise (1e999 parses as infinity, "NaN" as not a number). */
  static Double number(JsonNode node, String field) {
    var value = node.path(field);
    double parsed;
    if (value.isNumber()) {
      parsed = value.asDouble();
    } else if (value.isTextual()) {
      try {
        parsed = Double.parseDouble(value.asText().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    } else {
      return null;
    }
    return Double.isFinite(parsed) ? parsed : null;
  }

  /** A whole number (rounded), also from a numeric string; null otherwise or when out of int range. */
  static Integer integer(JsonNode node, String field) {
    var value = number(node, field);
    if (value == null || Math.abs(value) > Integer.MAX_VALUE) {
      return null;
    }
    return (int) Math.round(value);
  }

  /** The {@code @odata.id} of a link property ({@code "Systems": {"@odata.id": ...}}), or null. */
  static String link(JsonNode node, String field) {
    return text(node.path(field), "@odata.id");
  }

  /** The {@code @odata.id}s of a link array ({@code "Chassis": [{"@odata.id": ...}]}), skipping odd entries. */
  static List<String> links(JsonNode node, String field) {
    var paths = new ArrayList<String>();
    for (var element : node.path(field)) {
      var path = text(element, "@odata.id");
      if (path != null) {
        paths.add(path);
      }
    }
    return paths;
  }

  /** The members of a collection, as objects (inline resources or bare links). */
  static List<JsonNode> members(JsonNode collection) {
    var members = new ArrayList<JsonNode>();
    for (var member : collection.path("Members")) {
      if (member.isObject()) {
        members.add(member);
      }
    }
    return members;
  }

  /** A string array (such as {@code @Redfish.AllowableValues}), or null when the property is absent or not one. */
  static List<String> strings(JsonNode node, String field) {
    var value = node.path(field);
    if (!value.isArray()) {
      return null;
    }
    var strings = new ArrayList<String>();
    value.forEach(element -> {
      if (element.isTextual()) {
        strings.add(element.asText());
      }
    });
    return strings;
  }

  /** An enum constant named exactly as the text, or null for a missing or unknown value. */
  static <E extends Enum<E>> E enumValue(Class<E> type, String text) {
    if (text == null) {
      return null;
    }
    for (var constant : type.getEnumConstants()) {
      if (constant.name().equals(text)) {
        return constant;
      }
    }
    return null;
  }

  /** {@code Status.Health} of a resource, or null. */
  static Health health(JsonNode resource) {
    return enumValue(Health.class, text(resource.path("Status"), "Health"));
  }
}
