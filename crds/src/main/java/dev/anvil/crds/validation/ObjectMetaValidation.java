package dev.anvil.crds.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/** The ObjectMeta checks kube-apiserver makes on every custom resource: name, generateName, namespace, labels, annotations. */
final class ObjectMetaValidation {

  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern QUALIFIED_NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

  private static final String SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case "
      + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
      + "'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  private static final String LABEL_MESSAGE = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
      + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
      + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  private static final String QUALIFIED_NAME_MESSAGE = "name part must consist of alphanumeric characters, '-', '_' "
      + "or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
      + "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  private static final String LABEL_VALUE_MESSAGE = "a valid label must be an empty string or consist of alphanumeric "
      + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
      + "'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

  private ObjectMetaValidation() {
  }

  /**
   * Checks {@code metadata} at {@code path}.
   *
   * @param nameRequired true for a top-level object (name or generateName must be set), false for embedded resources
   */
  static void validate(JsonNode metadata, String path, boolean nameRequired, List<FieldError> errors) {
    if (metadata == null || metadata.isMissingNode() || metadata.isNull()) {
      if (nameRequired) {
        errors.add(new FieldError(FieldError.Type.FieldValueRequired, join(path, "name"),
            "Required value: name or generateName is required"));
      }
      return;
    }
    if (!metadata.isObject()) {
      errors.add(typeInvalid(path, metadata, "object"));
      return;
    }
    var name = metadata.get("name");
    var generateName = metadata.get("generateName");
    if (stringField(metadata, path, "generateName", errors) && generateName.asText().length() > 0) {
      var prefix = generateName.asText();
      // kube-apiserver appends a random suffix, so a trailing dash is allowed in the prefix
      var masked = prefix.endsWith("-") ? prefix.substring(0, prefix.length() - 1) + "a" : prefix;
      subdomain(masked, prefix, join(path, "generateName"), errors);
    }
    if (stringField(metadata, path, "name", errors) && !name.asText().isEmpty()) {
      subdomain(name.asText(), name.asText(), join(path, "name"), errors);
    } else if (nameRequired && (generateName == null || generateName.asText("").isEmpty())) {
      errors.add(new FieldError(FieldError.Type.FieldValueRequired, join(path, "name"),
          "Required value: name or generateName is required"));
    }
    if (stringField(metadata, path, "namespace", errors) && !metadata.get("namespace").asText().isEmpty()) {
      var namespace = metadata.get("namespace").asText();
      if (namespace.length() > 63) {
        errors.add(invalid(join(path, "namespace"), namespace, "must be no more than 63 characters"));
      }
      if (!DNS_LABEL.matcher(namespace).matches()) {
        errors.add(invalid(join(path, "namespace"), namespace, LABEL_MESSAGE));
      }
    }
    var labels = metadata.get("labels");
    if (stringMap(labels, join(path, "labels"), errors)) {
      labels.fields().forEachRemaining(e -> {
        qualifiedName(e.getKey(), join(path, "labels"), errors);
        labelValue(e.getValue().asText(), join(path, "labels") + "[" + e.getKey() + "]", errors);
      });
    }
    var annotations = metadata.get("annotations");
    if (stringMap(annotations, join(path, "annotations"), errors)) {
      long size = 0;
      for (var it = annotations.fields(); it.hasNext(); ) {
        var e = it.next();
        qualifiedName(e.getKey().toLowerCase(), join(path, "annotations"), errors);
        size += e.getKey().getBytes(StandardCharsets.UTF_8).length
            + e.getValue().asText().getBytes(StandardCharsets.UTF_8).length;
      }
      if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
        errors.add(new FieldError(FieldError.Type.FieldValueTooLong, join(path, "annotations"),
            "Too long: may not be more than " + TOTAL_ANNOTATION_SIZE_LIMIT + " bytes"));
      }
    }
  }

  private static void subdomain(String checked, String shown, String field, List<FieldError> errors) {
    if (checked.length() > 253) {
      errors.add(invalid(field, shown, "must be no more than 253 characters"));
    }
    if (!DNS_SUBDOMAIN.matcher(checked).matches()) {
      errors.add(invalid(field, shown, SUBDOMAIN_MESSAGE));
    }
  }

  private static void qualifiedName(String key, String field, List<FieldError> errors) {
    var slash = key.indexOf('/');
    var prefix = slash < 0 ? null : key.substring(0, slash);
    var name = slash < 0 ? key : key.substring(slash + 1);
    if (prefix != null) {
      if (prefix.isEmpty()) {
        errors.add(invalid(field, key, "prefix part must be non-empty"));
      } else if (prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
        errors.add(invalid(field, key, "prefix part " + SUBDOMAIN_MESSAGE));
      }
    }
    if (name.isEmpty()) {
      errors.add(invalid(field, key, "name part must be non-empty"));
    } else {
      if (name.length() > 63) {
        errors.add(invalid(field, key, "name part must be no more than 63 characters"));
      }
      if (!QUALIFIED_NAME_PART.matcher(name).matches()) {
        errors.add(invalid(field, key, QUALIFIED_NAME_MESSAGE));
      }
    }
  }

  private static void labelValue(String value, String field, List<FieldError> errors) {
    if (value.length() > 63) {
      errors.add(invalid(field, value, "must be no more than 63 characters"));
    }
    if (!LABEL_VALUE.matcher(value).matches()) {
      errors.add(invalid(field, value, LABEL_VALUE_MESSAGE));
    }
  }

  private static boolean stringField(JsonNode metadata, String path, String field, List<FieldError> errors) {
    var value = metadata.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isTextual()) {
      errors.add(typeInvalid(join(path, field), value, "string"));
      return false;
    }
    return true;
  }

  private static boolean stringMap(JsonNode map, String field, List<FieldError> errors) {
    if (map == null || map.isNull()) {
      return false;
    }
    if (!map.isObject()) {
      errors.add(typeInvalid(field, map, "object"));
      return false;
    }
    var ok = true;
    for (var it = map.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getValue().isTextual()) {
        errors.add(typeInvalid(field + "[" + e.getKey() + "]", e.getValue(), "string"));
        ok = false;
      }
    }
    return ok;
  }

  private static FieldError invalid(String field, String value, String detail) {
    return new FieldError(FieldError.Type.FieldValueInvalid, field, "Invalid value: " + JsonText.quote(value) + ": " + detail);
  }

  private static FieldError typeInvalid(String field, JsonNode value, String expected) {
    return new FieldError(FieldError.Type.FieldValueTypeInvalid, field, "Invalid value: " + JsonText.shown(value) + ": "
        + field + " in body must be of type " + expected + ": \"" + JsonText.typeName(value) + "\"");
  }

  private static String join(String path, String child) {
    return path.isEmpty() ? child : path + "." + child;
  }
}
