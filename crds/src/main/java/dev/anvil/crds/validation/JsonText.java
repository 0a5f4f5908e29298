package dev.anvil.crds.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** Renders JSON values the way kube-apiserver shows a bad value in a cause message. */
final class JsonText {

  private JsonText() {
  }

  /** A scalar as Go prints it ({@code "text"}, {@code 1000}, {@code true}); composites by their type name. */
  static String shown(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "null";
    }
    if (value.isTextual()) {
      return quote(value.asText());
    }
    if (value.isNumber()) {
      return number(value.decimalValue());
    }
    if (value.isBoolean()) {
      return value.asText();
    }
    return quote(typeName(value));
  }

  /** The OpenAPI type name of a value: object, array, string, integer, number, boolean or null. */
  static String typeName(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "null";
    }
    if (value.isObject()) {
      return "object";
    }
    if (value.isArray()) {
      return "array";
    }
    if (value.isTextual()) {
      return "string";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    return CelValues.isWhole(value) ? "integer" : "number";
  }

  static String number(BigDecimal value) {
    var plain = value.stripTrailingZeros();
    return plain.scale() < 0 ? plain.setScale(0).toPlainString() : plain.toPlainString();
  }

  static String quote(String text) {
    var out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
