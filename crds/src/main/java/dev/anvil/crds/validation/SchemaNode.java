package dev.anvil.crds.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One node of a CRD's structural OpenAPI v3 schema, compiled once (regular expressions and CEL rules included) and
 * immutable afterwards, so a validator can share it between threads.
 */
final class SchemaNode {

  final String type;
  final boolean nullable;
  final boolean intOrString;
  final boolean preserveUnknownFields;
  final boolean embeddedResource;
  final Map<String, SchemaNode> properties;
  final SchemaNode items;
  final SchemaNode additionalProperties;
  final List<String> required;
  final List<JsonNode> enumValues;
  final BigDecimal minimum;
  final BigDecimal maximum;
  final boolean exclusiveMinimum;
  final boolean exclusiveMaximum;
  final BigDecimal multipleOf;
  final Integer minLength;
  final Integer maxLength;
  final Integer minItems;
  final Integer maxItems;
  final Integer minProperties;
  final Integer maxProperties;
  final Pattern pattern;
  final String patternSource;
  final String format;
  final String listType;
  final List<String> listMapKeys;
  final List<SchemaNode> allOf;
  final List<SchemaNode> anyOf;
  final List<SchemaNode> oneOf;
  final SchemaNode not;
  final List<CelRule> rules;
  final JsonNode defaultValue;

  private SchemaNode(JsonNode s, String location) {
    type = text(s, "type");
    nullable = s.path("nullable").asBoolean(false);
    intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false);
    preserveUnknownFields = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    embeddedResource = s.path("x-kubernetes-embedded-resource").asBoolean(false);

    var props = new LinkedHashMap<String, SchemaNode>();
    s.path("properties").fields()
        .forEachRemaining(e -> props.put(e.getKey(), new SchemaNode(e.getValue(), location + ".properties." + e.getKey())));
    properties = Collections.unmodifiableMap(props);
    items = s.path("items").isObject() ? new SchemaNode(s.get("items"), location + ".items") : null;
    additionalProperties = s.path("additionalProperties").isObject()
        ? new SchemaNode(s.get("additionalProperties"), location + ".additionalProperties") : null;
    required = strings(s.path("required"));
    var enums = new ArrayList<JsonNode>();
    s.path("enum").forEach(enums::add);
    enumValues = List.copyOf(enums);

    minimum = decimal(s, "minimum");
    maximum = decimal(s, "maximum");
    exclusiveMinimum = s.path("exclusiveMinimum").asBoolean(false);
    exclusiveMaximum = s.path("exclusiveMaximum").asBoolean(false);
    multipleOf = decimal(s, "multipleOf");
    minLength = integer(s, "minLength");
    maxLength = integer(s, "maxLength");
    minItems = integer(s, "minItems");
    maxItems = integer(s, "maxItems");
    minProperties = integer(s, "minProperties");
    maxProperties = integer(s, "maxProperties");
    patternSource = text(s, "pattern");
    pattern = patternSource == null ? null : Pattern.compile(patternSource);
    format = text(s, "format");
    listType = text(s, "x-kubernetes-list-type");
    listMapKeys = strings(s.path("x-kubernetes-list-map-keys"));

    allOf = list(s.path("allOf"), location + ".allOf");
    anyOf = list(s.path("anyOf"), location + ".anyOf");
    oneOf = list(s.path("oneOf"), location + ".oneOf");
    not = s.path("not").isObject() ? new SchemaNode(s.get("not"), location + ".not") : null;

    var compiled = new ArrayList<CelRule>();
    for (JsonNode rule : s.path("x-kubernetes-validations")) {
      compiled.add(CelRule.compile(rule, location));
    }
    rules = List.copyOf(compiled);
    defaultValue = s.has("default") ? s.get("default").deepCopy() : null;
  }

  /** Compiles a schema; throws IllegalArgumentException naming the schema location when a CEL rule does not compile. */
  static SchemaNode compile(JsonNode openApiV3Schema) {
    return new SchemaNode(openApiV3Schema, "openAPIV3Schema");
  }

  /** The child schema of an object property: a declared property first, else additionalProperties; null if unknown. */
  SchemaNode child(String name) {
    var declared = properties.get(name);
    return declared != null ? declared : additionalProperties;
  }

  boolean hasRules() {
    return !rules.isEmpty();
  }

  private static List<SchemaNode> list(JsonNode array, String location) {
    var out = new ArrayList<SchemaNode>();
    for (int i = 0; i < array.size(); i++) {
      out.add(new SchemaNode(array.get(i), location + "[" + i + "]"));
    }
    return List.copyOf(out);
  }

  private static List<String> strings(JsonNode array) {
    var out = new ArrayList<String>();
    array.forEach(n -> out.add(n.asText()));
    return List.copyOf(out);
  }

  private static String text(JsonNode s, String field) {
    var n = s.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  private static BigDecimal decimal(JsonNode s, String field) {
    var n = s.get(field);
    return n == null || !n.isNumber() ? null : n.decimalValue();
  }

  private static Integer integer(JsonNode s, String field) {
    var n = s.get(field);
    return n == null || !n.isNumber() ? null : n.intValue();
  }
}
