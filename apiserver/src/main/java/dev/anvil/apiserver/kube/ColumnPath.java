package dev.anvil.apiserver.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSONPath subset printer columns use, evaluated as kube-apiserver's table convertor does (first result only):
 * fields ({@code .status.phase}), indexes ({@code [0]}), wildcards ({@code [*]}) and equality filters
 * ({@code [?(@.type=="Ready")]}).
 */
public final class ColumnPath {

  private sealed interface Step permits Field, Index, All, Filter {
  }

  private record Field(String name) implements Step {
  }

  private record Index(int index) implements Step {
  }

  private record All() implements Step {
  }

  /** {@code [?(@.a.b=="value")]}, or {@code !=}. */
  private record Filter(List<String> path, boolean equal, String value) implements Step {
  }

  private final String text;
  private final List<Step> steps;

  private ColumnPath(String text, List<Step> steps) {
    this.text = text;
    this.steps = List.copyOf(steps);
  }

  /** Compiles a path such as {@code .status.conditions[?(@.type=="Succeeded")].status}; braces are optional. */
  public static ColumnPath compile(String jsonPath) {
    var text = jsonPath.strip();
    if (text.startsWith("{") && text.endsWith("}")) {
      text = text.substring(1, text.length() - 1);
    }
    var steps = new ArrayList<Step>();
    int i = text.startsWith("$") ? 1 : 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
          end++;
        }
        if (end == i + 1) {
          throw new IllegalArgumentException("empty field in " + jsonPath);
        }
        steps.add(new Field(text.substring(i + 1, end)));
        i = end;
      } else if (c == '[') {
        int end = closing(text, i, jsonPath);
        steps.add(bracket(text.substring(i + 1, end).strip(), jsonPath));
        i = end + 1;
      } else {
        throw new IllegalArgumentException("unsupported JSONPath " + jsonPath + " at " + i);
      }
    }
    return new ColumnPath(jsonPath, steps);
  }

  private static int closing(String text, int open, String jsonPath) {
    boolean quoted = false;
    for (int i = open + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        quoted = !quoted;
      } else if (c == ']' && !quoted) {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed [ in " + jsonPath);
  }

  private static Step bracket(String inner, String jsonPath) {
    if (inner.equals("*")) {
      return new All();
    }
    if (inner.matches("-?\\d+")) {
      return new Index(Integer.parseInt(inner));
    }
    if ((inner.startsWith("'") && inner.endsWith("'")) || (inner.startsWith("\"") && inner.endsWith("\""))) {
      return new Field(inner.substring(1, inner.length() - 1));
    }
    if (inner.startsWith("?(") && inner.endsWith(")")) {
      var expression = inner.substring(2, inner.length() - 1).strip();
      boolean equal = !expression.contains("!=");
      var parts = expression.split(equal ? "==" : "!=", 2);
      var left = parts[0].strip();
      if (parts.length == 2 && left.startsWith("@.")) {
        var right = parts[1].strip();
        if (right.length() >= 2 && (right.startsWith("\"") || right.startsWith("'"))) {
          right = right.substring(1, right.length() - 1);
        }
        return new Filter(List.of(left.substring(2).split("\\.")), equal, right);
      }
    }
    throw new IllegalArgumentException("unsupported JSONPath step [" + inner + "] in " + jsonPath);
  }

  /** The first value the path finds in {@code object}, if any (a JSON null counts as none). */
  public Optional<JsonNode> first(JsonNode object) {
    var found = new ArrayList<JsonNode>();
    walk(object, 0, found);
    return found.stream().filter(node -> !node.isNull() && !node.isMissingNode()).findFirst();
  }

  private void walk(JsonNode node, int step, List<JsonNode> found) {
    if (node == null || node.isMissingNode() || node.isNull() || !found.isEmpty()) {
      return;
    }
    if (step == steps.size()) {
      found.add(node);
      return;
    }
    var current = steps.get(step);
    if (current instanceof Field field) {
      walk(node.get(field.name()), step + 1, found);
    } else if (current instanceof Index index) {
      if (node.isArray()) {
        int at = index.index() < 0 ? node.size() + index.index() : index.index();
        walk(node.get(at), step + 1, found);
      }
    } else if (current instanceof All) {
      node.elements().forEachRemaining(child -> walk(child, step + 1, found));
    } else if (current instanceof Filter filter && node.isArray()) {
      for (var element : node) {
        var value = element;
        for (var name : filter.path()) {
          value = value.path(name);
        }
        boolean matches = value.isValueNode() && value.asText().equals(filter.value());
        if (matches == filter.equal()) {
          walk(element, step + 1, found);
        }
      }
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
