package dev.anvil.crds.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts JSON values to the Java values CEL evaluates, typed by the schema as kube-apiserver types them: integer
 * fields become {@code Long} (so {@code self.limit == 3} holds), number fields {@code Double}, objects and maps
 * {@code Map}, arrays {@code List}.
 */
final class CelValues {

  private CelValues() {
  }

  /** The CEL value of {@code value} under {@code schema}; schema may be null for values kept as unknown fields. */
  static Object of(JsonNode value, SchemaNode schema) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return NullValue.NULL_VALUE;
    }
    if (value.isObject()) {
      var map = new LinkedHashMap<String, Object>();
      value.fields().forEachRemaining(e -> {
        var child = schema == null ? null : schema.child(e.getKey());
        if (child != null || schema == null || schema.preserveUnknownFields || schema.embeddedResource) {
          map.put(e.getKey(), of(e.getValue(), child));
        }
      });
      return Collections.unmodifiableMap(map);
    }
    if (value.isArray()) {
      var items = schema == null ? null : schema.items;
      List<Object> list = new ArrayList<>(value.size());
      value.forEach(v -> list.add(of(v, items)));
      return Collections.unmodifiableList(list);
    }
    if (value.isNumber()) {
      var type = schema == null ? null : schema.type;
      if ("number".equals(type)) {
        return value.doubleValue();
      }
      if (value.isIntegralNumber() || "integer".equals(type) && isWhole(value)) {
        return value.longValue();
      }
      return value.doubleValue();
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    return value.asText();
  }

  /** The metadata of a top-level object as CEL sees it: only name and generateName, as in kube-apiserver. */
  static Object metadata(JsonNode metadata) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (var field : List.of("name", "generateName")) {
      if (metadata.path(field).isTextual()) {
        map.put(field, metadata.get(field).asText());
      }
    }
    return Collections.unmodifiableMap(map);
  }

  static boolean isWhole(JsonNode number) {
    return number.isIntegralNumber() || number.isNumber() && Math.rint(number.doubleValue()) == number.doubleValue()
        && !Double.isInfinite(number.doubleValue());
  }
}
