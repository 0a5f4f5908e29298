package dev.anvil.apiserver.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Renders objects as the {@code meta.k8s.io/v1 Table} kubectl asks for ({@code Accept: application/json;as=Table;...}),
 * with the CRD's printer columns evaluated as kube-apiserver's CRD table convertor does: a Name column first, a cell
 * per column (null when the path finds nothing), dates as ages.
 */
public final class TableConverter {

  /** What each row carries, from the {@code includeObject} query parameter. */
  public enum IncludeObject {
    NONE, METADATA, OBJECT;

    static IncludeObject parse(String value) {
      if (value == null || value.isEmpty() || value.equals("Metadata")) {
        return METADATA;
      }
      return switch (value) {
        case "None" -> NONE;
        case "Object" -> OBJECT;
        default -> throw ApiStatusException.badRequest("includeObject must be None, Metadata or Object");
      };
    }
  }

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String NAME_DESCRIPTION = "Name must be unique within a namespace. Is required when creating"
      + " resources, although some resources may allow a client to request the generation of an appropriate name"
      + " automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be"
      + " updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

  private final Clock clock;

  public TableConverter(Clock clock) {
    this.clock = clock;
  }

  /** A table of a list ({@code items}) or of one object. */
  public ObjectNode table(ServedResource resource, JsonNode listOrObject, IncludeObject include, boolean withColumns) {
    var table = JSON.objectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    var metadata = table.putObject("metadata");
    if (withColumns) {
      table.set("columnDefinitions", columns(resource));
    }
    var rows = table.putArray("rows");
    if (listOrObject.has("items")) {
      var listMeta = listOrObject.path("metadata");
      for (var field : List.of("resourceVersion", "continue", "remainingItemCount")) {
        if (listMeta.hasNonNull(field)) {
          metadata.set(field, listMeta.get(field));
        }
      }
      listOrObject.get("items").forEach(item -> rows.add(row(resource, item, include)));
    } else {
      var rv = listOrObject.path("metadata").path("resourceVersion");
      if (rv.isTextual()) {
        metadata.put("resourceVersion", rv.asText());
      }
      rows.add(row(resource, listOrObject, include));
    }
    return table;
  }

  private static ArrayNode columns(ServedResource resource) {
    var columns = JSON.arrayNode();
    var name = columns.addObject();
    name.put("name", "Name");
    name.put("type", "string");
    name.put("format", "name");
    name.put("description", NAME_DESCRIPTION);
    name.put("priority", 0);
    for (var column : resource.columns()) {
      var definition = columns.addObject();
      definition.put("name", column.name());
      definition.put("type", column.type());
      definition.put("format", column.format() == null ? "" : column.format());
      definition.put("description", column.description());
      definition.put("priority", column.priority());
    }
    return columns;
  }

  private ObjectNode row(ServedResource resource, JsonNode object, IncludeObject include) {
    var row = JSON.objectNode();
    var cells = row.putArray("cells");
    cells.add(object.path("metadata").path("name").asText(""));
    for (var column : resource.columns()) {
      cells.add(cell(column, column.path().first(object).orElse(null)));
    }
    switch (include) {
      case OBJECT -> row.set("object", object);
      case METADATA -> {
        var partial = row.putObject("object");
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", object.path("metadata").deepCopy());
      }
      case NONE -> {
      }
    }
    return row;
  }

  /** kube-apiserver's {@code cellForJSONValue}: a value of the wrong type is an empty cell. */
  JsonNode cell(PrinterColumn column, JsonNode value) {
    if (value == null) {
      return JSON.nullNode();
    }
    return switch (column.type()) {
      case "integer" -> value.isNumber() ? JSON.numberNode(value.asLong()) : JSON.nullNode();
      case "number" -> value.isNumber() ? JSON.numberNode(value.asDouble()) : JSON.nullNode();
      case "boolean" -> value.isBoolean() ? value : JSON.nullNode();
      case "date" -> value.isTextual() ? JSON.textNode(age(value.asText())) : JSON.nullNode();
      // kube-apiserver prints any value of a string column, as JSONPath would print it
      default -> JSON.textNode(value.isValueNode() ? value.asText() : value.toString());
    };
  }

  private String age(String timestamp) {
    try {
      return humanDuration(Duration.between(Instant.parse(timestamp), clock.instant()));
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
  }

  /** apimachinery's {@code duration.HumanDuration}, so ages read as kubectl users know them ({@code 3m12s}, {@code 5d}). */
  static String humanDuration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = d.toMinutes();
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = d.toHours();
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? (hours / 24) + "d" : (hours / 24) + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return (hours / 24) + "d";
    } else if (hours < 24 * 365 * 8) {
      long dy = (hours / 24) % 365;
      return dy == 0 ? (hours / 24 / 365) + "y" : (hours / 24 / 365) + "y" + dy + "d";
    }
    return (hours / 24 / 365) + "y";
  }
}
