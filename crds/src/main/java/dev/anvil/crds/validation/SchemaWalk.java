package dev.anvil.crds.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One pass over an object against a compiled structural schema, collecting field errors and unknown fields; a new
 * walk per request, so the shared {@link SchemaNode} tree stays immutable.
 */
final class SchemaWalk {

  private static final Set<String> EMBEDDED_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private final List<FieldError> errors = new ArrayList<>();
  private final List<String> unknownFields = new ArrayList<>();
  private final boolean prune;
  private final boolean defaults;
  private final boolean junctor;

  /**
   * @param prune remove unknown fields and non-nullable nulls from the walked object (which must then be a copy)
   * @param defaults set absent fields that have a schema default, as kube-apiserver does before validating (the walked
   *     object must then be a copy)
   * @param junctor checking an allOf/anyOf/oneOf/not branch: value checks only, no unknown fields, no CEL
   */
  SchemaWalk(boolean prune, boolean defaults, boolean junctor) {
    this.prune = prune;
    this.defaults = defaults;
    this.junctor = junctor;
  }

  List<FieldError> errors() {
    return errors;
  }

  List<String> unknownFields() {
    return unknownFields;
  }

  /** Walks a top-level object: ObjectMeta rules for metadata, the schema for everything else. */
  void root(JsonNode object, JsonNode old, SchemaNode schema) {
    var metadata = object.get("metadata");
    ObjectMetaValidation.validate(metadata, "metadata", true, errors);
    var metadataSchema = schema.properties.get("metadata");
    if (metadataSchema != null && metadata != null && metadata.isObject()) {
      // a CRD may constrain only name and generateName; the rest of ObjectMeta is the apiserver's
      for (var field : List.of("name", "generateName")) {
        var constraint = metadataSchema.properties.get(field);
        if (constraint != null && metadata.path(field).isTextual()) {
          walk(metadata.get(field), null, constraint, "metadata." + field);
        }
      }
    }
    walkObject(object, old, schema, "", true);
    if (schema.hasRules()) {
      var self = rootValue(object, schema);
      var oldSelf = old == null ? null : rootValue(old, schema);
      evaluate(schema, self, oldSelf, "", "object");
    }
  }

  /** Walks one value; returns false when its type is wrong (its children and rules are then not checked). */
  boolean walk(JsonNode value, JsonNode old, SchemaNode schema, String path) {
    if (value.isNull()) {
      if (!schema.nullable && !junctor && (schema.type != null || schema.intOrString)) {
        errors.add(typeError(path, value, expectedType(schema)));
        return false;
      }
      return true;
    }
    if (!typeMatches(value, schema)) {
      errors.add(typeError(path, value, expectedType(schema)));
      return false;
    }
    checkValue(value, schema, path);
    if (value.isObject()) {
      walkObject(value, old, schema, path, false);
    } else if (value.isArray()) {
      walkArray(value, old, schema, path);
    }
    checkJunctors(value, schema, path);
    if (schema.hasRules() && !junctor) {
      var typeName = schema.type != null ? schema.type : JsonText.typeName(value);
      evaluate(schema, CelValues.of(value, schema), old == null || old.isNull() ? null : CelValues.of(old, schema),
          path, typeName);
    }
    return true;
  }

  private void walkObject(JsonNode value, JsonNode old, SchemaNode schema, String path, boolean root) {
    if (defaults && value instanceof ObjectNode object) {
      schema.properties.forEach((name, child) -> {
        var current = object.get(name);
        if (child.defaultValue != null && (current == null || current.isNull() && !child.nullable)) {
          object.set(name, child.defaultValue.deepCopy());
        }
      });
    }
    for (var name : schema.required) {
      var child = value.get(name);
      var childSchema = schema.properties.get(name);
      if (child == null || child.isNull() && (childSchema == null || !childSchema.nullable)) {
        errors.add(new FieldError(FieldError.Type.FieldValueRequired, join(path, name), "Required value"));
      }
    }
    if (schema.minProperties != null && value.size() < schema.minProperties) {
      errors.add(invalid(path, value, "should have at least " + schema.minProperties + " properties"));
    }
    if (schema.maxProperties != null && value.size() > schema.maxProperties) {
      errors.add(new FieldError(FieldError.Type.FieldValueTooMany, path,
          "Too many: " + value.size() + ": must have at most " + schema.maxProperties + " items"));
    }
    if (schema.embeddedResource && !junctor) {
      checkEmbeddedResource(value, path);
    }
    List<String> removed = null;
    for (var it = value.fields(); it.hasNext(); ) {
      var e = it.next();
      var name = e.getKey();
      var child = e.getValue();
      var declared = schema.properties.get(name);
      var childSchema = declared != null ? declared : schema.additionalProperties;
      var childPath = declared != null ? join(path, name) : path + "[" + name + "]";
      if (root && EMBEDDED_FIELDS.contains(name) || schema.embeddedResource && EMBEDDED_FIELDS.contains(name)
          && declared == null) {
        continue;
      }
      if (childSchema == null) {
        if (!schema.preserveUnknownFields && !junctor) {
          unknownFields.add(join(path, name));
          removed = remember(removed, name);
        }
        continue;
      }
      if (child.isNull() && !childSchema.nullable && !junctor) {
        // kube-apiserver prunes nulls of non-nullable fields before validating
        removed = remember(removed, name);
        continue;
      }
      walk(child, old == null ? null : old.get(name), childSchema, childPath);
    }
    if (prune && removed != null && value instanceof ObjectNode object) {
      object.remove(removed);
    }
  }

  private void walkArray(JsonNode value, JsonNode old, SchemaNode schema, String path) {
    if (schema.items == null) {
      return;
    }
    var oldByKey = "map".equals(schema.listType) && old != null && old.isArray() ? indexByKeys(old, schema) : null;
    Set<Object> seen = "set".equals(schema.listType) || "map".equals(schema.listType) ? new HashSet<>() : null;
    for (int i = 0; i < value.size(); i++) {
      var item = value.get(i);
      var itemPath = path + "[" + i + "]";
      if (seen != null && !junctor) {
        var identity = "map".equals(schema.listType) ? mapKey(item, schema) : item;
        if (!seen.add(identity)) {
          errors.add(new FieldError(FieldError.Type.FieldValueDuplicate, itemPath, "Duplicate value: "
              + ("map".equals(schema.listType) ? describeKey(item, schema) : JsonText.shown(item))));
        }
      }
      var oldItem = oldByKey == null ? null : oldByKey.get(mapKey(item, schema));
      walk(item, oldItem, schema.items, itemPath);
    }
  }

  private void checkValue(JsonNode value, SchemaNode schema, String path) {
    if (!schema.enumValues.isEmpty() && !enumContains(schema, value)) {
      errors.add(new FieldError(FieldError.Type.FieldValueNotSupported, path, "Unsupported value: "
          + JsonText.shown(value) + ": supported values: "
          + schema.enumValues.stream().map(JsonText::shown).collect(Collectors.joining(", "))));
    }
    if (value.isNumber()) {
      checkNumber(value, schema, path);
    } else if (value.isTextual()) {
      checkString(value, schema, path);
    } else if (value.isArray()) {
      if (schema.minItems != null && value.size() < schema.minItems) {
        errors.add(invalid(path, value, path + " in body should have at least " + schema.minItems + " items"));
      }
      if (schema.maxItems != null && value.size() > schema.maxItems) {
        errors.add(new FieldError(FieldError.Type.FieldValueTooMany, path,
            "Too many: " + value.size() + ": must have at most " + schema.maxItems + " items"));
      }
    }
  }

  private void checkNumber(JsonNode value, SchemaNode schema, String path) {
    BigDecimal number = value.decimalValue();
    if (schema.minimum != null) {
      int c = number.compareTo(schema.minimum);
      if (schema.exclusiveMinimum ? c <= 0 : c < 0) {
        errors.add(invalid(path, value, path + " in body should be greater than "
            + (schema.exclusiveMinimum ? "" : "or equal to ") + JsonText.number(schema.minimum)));
      }
    }
    if (schema.maximum != null) {
      int c = number.compareTo(schema.maximum);
      if (schema.exclusiveMaximum ? c >= 0 : c > 0) {
        errors.add(invalid(path, value, path + " in body should be less than "
            + (schema.exclusiveMaximum ? "" : "or equal to ") + JsonText.number(schema.maximum)));
      }
    }
    if (schema.multipleOf != null && schema.multipleOf.signum() != 0
        && number.remainder(schema.multipleOf).signum() != 0) {
      errors.add(invalid(path, value, path + " in body should be a multiple of " + JsonText.number(schema.multipleOf)));
    }
    if (schema.format != null && !Formats.valid(schema.format, value)) {
      errors.add(invalid(path, value, path + " in body must be of type " + schema.format + ": " + JsonText.shown(value)));
    }
  }

  private void checkString(JsonNode value, SchemaNode schema, String path) {
    var text = value.asText();
    if (schema.minLength != null || schema.maxLength != null) {
      // OpenAPI counts characters (Go counts runes), not UTF-16 units
      int length = text.codePointCount(0, text.length());
      if (schema.minLength != null && length < schema.minLength) {
        errors.add(invalid(path, value, path + " in body should be at least " + schema.minLength + " chars long"));
      }
      if (schema.maxLength != null && length > schema.maxLength) {
        errors.add(new FieldError(FieldError.Type.FieldValueTooLong, path,
            "Too long: may not be more than " + schema.maxLength + " bytes"));
      }
    }
    if (schema.pattern != null && !schema.pattern.matcher(text).find()) {
      errors.add(invalid(path, value, path + " in body should match '" + schema.patternSource + "'"));
    }
    if (schema.format != null && !Formats.valid(schema.format, value)) {
      errors.add(invalid(path, value, path + " in body must be of type " + schema.format + ": " + JsonText.shown(value)));
    }
  }

  private void checkJunctors(JsonNode value, SchemaNode schema, String path) {
    for (var branch : schema.allOf) {
      errors.addAll(branchErrors(value, branch, path));
    }
    if (!schema.anyOf.isEmpty() && !schema.intOrString
        && schema.anyOf.stream().noneMatch(b -> branchErrors(value, b, path).isEmpty())) {
      errors.add(invalid(path, value, "must validate at least one schema (anyOf)"));
    }
    if (!schema.oneOf.isEmpty() && schema.oneOf.stream().filter(b -> branchErrors(value, b, path).isEmpty()).count() != 1) {
      errors.add(invalid(path, value, "must validate one and only one schema (oneOf)"));
    }
    if (schema.not != null && branchErrors(value, schema.not, path).isEmpty()) {
      errors.add(invalid(path, value, "must not validate the schema (not)"));
    }
  }

  private static List<FieldError> branchErrors(JsonNode value, SchemaNode branch, String path) {
    var walk = new SchemaWalk(false, false, true);
    walk.walk(value, null, branch, path);
    return walk.errors;
  }

  private void checkEmbeddedResource(JsonNode value, String path) {
    for (var field : List.of("apiVersion", "kind")) {
      var v = value.get(field);
      if (v == null || v.isNull() || v.isTextual() && v.asText().isEmpty()) {
        errors.add(new FieldError(FieldError.Type.FieldValueRequired, join(path, field), "Required value: must not be empty"));
      } else if (!v.isTextual()) {
        errors.add(typeError(join(path, field), v, "string"));
      }
    }
    ObjectMetaValidation.validate(value.get("metadata"), join(path, "metadata"), false, errors);
  }

  private void evaluate(SchemaNode schema, Object self, Object oldSelf, String path, String typeName) {
    for (var rule : schema.rules) {
      rule.evaluate(self, oldSelf, path, typeName).ifPresent(errors::add);
    }
  }

  private static Object rootValue(JsonNode object, SchemaNode schema) {
    @SuppressWarnings("unchecked")
    var map = new LinkedHashMap<>((Map<String, Object>) CelValues.of(object, schema));
    if (object.path("metadata").isObject()) {
      map.put("metadata", CelValues.metadata(object.get("metadata")));
    }
    for (var field : List.of("apiVersion", "kind")) {
      if (object.path(field).isTextual()) {
        map.put(field, object.get(field).asText());
      }
    }
    return map;
  }

  private static boolean typeMatches(JsonNode value, SchemaNode schema) {
    if (schema.intOrString) {
      return value.isTextual() || value.isNumber() && CelValues.isWhole(value);
    }
    if (schema.type == null) {
      return true;
    }
    return switch (schema.type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "boolean" -> value.isBoolean();
      case "integer" -> value.isNumber() && CelValues.isWhole(value);
      case "number" -> value.isNumber();
      default -> true;
    };
  }

  private static String expectedType(SchemaNode schema) {
    return schema.intOrString ? "integer,string" : Objects.requireNonNullElse(schema.type, "any");
  }

  private static boolean enumContains(SchemaNode schema, JsonNode value) {
    for (var allowed : schema.enumValues) {
      if (allowed.equals(value) || allowed.isNumber() && value.isNumber()
          && allowed.decimalValue().compareTo(value.decimalValue()) == 0) {
        return true;
      }
    }
    return false;
  }

  private static Map<List<JsonNode>, JsonNode> indexByKeys(JsonNode old, SchemaNode schema) {
    var index = new LinkedHashMap<List<JsonNode>, JsonNode>();
    old.forEach(item -> index.putIfAbsent(mapKey(item, schema), item));
    return index;
  }

  private static List<JsonNode> mapKey(JsonNode item, SchemaNode schema) {
    var key = new ArrayList<JsonNode>(schema.listMapKeys.size());
    for (var name : schema.listMapKeys) {
      key.add(item.path(name));
    }
    return key;
  }

  private static String describeKey(JsonNode item, SchemaNode schema) {
    return schema.listMapKeys.stream().map(k -> "\"" + k + "\"=" + JsonText.shown(item.path(k)))
        .collect(Collectors.joining(", ", "map[", "]"));
  }

  private static List<String> remember(List<String> removed, String name) {
    var out = removed == null ? new ArrayList<String>() : removed;
    out.add(name);
    return out;
  }

  private static FieldError invalid(String path, JsonNode value, String detail) {
    return new FieldError(FieldError.Type.FieldValueInvalid, path, "Invalid value: " + JsonText.shown(value) + ": " + detail);
  }

  private static FieldError typeError(String path, JsonNode value, String expected) {
    return new FieldError(FieldError.Type.FieldValueTypeInvalid, path, "Invalid value: " + JsonText.shown(value) + ": "
        + path + " in body must be of type " + expected + ": \"" + JsonText.typeName(value) + "\"");
  }

  private static String join(String path, String child) {
    return path.isEmpty() ? child : path + "." + child;
  }
}
