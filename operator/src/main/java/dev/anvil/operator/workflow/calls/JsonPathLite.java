package dev.anvil.operator.workflow.calls;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A compiled JSONPath of the subset an http node's results use: {@code $} followed by {@code .name},
 * {@code ['name']} / {@code ["name"]} and {@code [index]} steps (a negative index counts from the end).
 *
 * <p>Wildcards, recursive descent, slices, unions and filters are rejected when compiling. Instances are immutable
 * and thread-safe.
 */
public final class JsonPathLite {

  private sealed interface Step permits Field, Index {
  }

  private record Field(String name) implements Step {
  }

  private record Index(int index) implements Step {
  }

  private final String text;
  private final List<Step> steps;

  private JsonPathLite(String text, List<Step> steps) {
    this.text = text;
    this.steps = steps;
  }

  /**
   * Compiles a path such as {@code $.items[0].state}; throws IllegalArgumentException naming the path and the
   * position of the problem when it is malformed or uses JSONPath features outside the subset.
   */
  public static JsonPathLite compile(String path) {
    if (path == null || !path.startsWith("$")) {
      throw new IllegalArgumentException("JSONPath '" + path + "' must start with $");
    }
    var steps = new ArrayList<Step>();
    int i = 1;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.') {
        i = dotStep(path, i, steps);
      } else if (c == '[') {
        i = bracketStep(path, i, steps);
      } else {
        throw malformed(path, i, "expected '.' or '['");
      }
    }
    return new JsonPathLite(path, List.copyOf(steps));
  }

  /** The node the path selects in {@code root}, or empty when nothing matches (a JSON null value is a match). */
  public Optional<JsonNode> select(JsonNode root) {
    var node = root;
    for (var step : steps) {
      if (node == null) {
        return Optional.empty();
      }
      if (step instanceof Field field) {
        node = node.isObject() ? node.get(field.name()) : null;
      } else {
        int index = ((Index) step).index();
        node = node.isArray() ? node.get(index < 0 ? node.size() + index : index) : null;
      }
    }
    return Optional.ofNullable(node);
  }

  /**
   * The selected value as text: a string as its content, a number, boolean or null as its JSON literal, an object or
   * array as compact JSON; empty when nothing matches.
   */
  public Optional<String> evaluate(JsonNode root) {
    return select(root).map(node -> node.isValueNode() ? node.asText() : node.toString());
  }

  @Override
  public String toString() {
    return text;
  }

  private static int dotStep(String path, int dot, List<Step> steps) {
    int start = dot + 1;
    if (start < path.length() && path.charAt(start) == '.') {
      throw malformed(path, dot, "recursive descent '..' is not supported");
    }
    int end = start;
    while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
      end++;
    }
    var name = path.substring(start, end);
    if (name.isEmpty()) {
      throw malformed(path, dot, "a name must follow '.'");
    }
    if (name.equals("*")) {
      throw malformed(path, dot, "wildcard '*' is not supported");
    }
    steps.add(new Field(name));
    return end;
  }

  private static int bracketStep(String path, int open, List<Step> steps) {
    int i = open + 1;
    if (i < path.length() && (path.charAt(i) == '\'' || path.charAt(i) == '"')) {
      char quote = path.charAt(i);
      var name = new StringBuilder();
      i++;
      while (i < path.length() && path.charAt(i) != quote) {
        if (path.charAt(i) == '\\' && i + 1 < path.length()) {
          i++;
        }
        name.append(path.charAt(i));
        i++;
      }
      if (i + 1 >= path.length() || path.charAt(i + 1) != ']') {
        throw malformed(path, open, "unclosed quoted name; expected ['name']");
      }
      steps.add(new Field(name.toString()));
      return i + 2;
    }
    int close = path.indexOf(']', open);
    if (close < 0) {
      throw malformed(path, open, "unclosed '['");
    }
    var index = path.substring(open + 1, close).trim();
    if (!index.matches("-?[0-9]{1,9}")) {
      throw malformed(path, open, "'[" + index + "]' is not supported; use [<index>] or ['<name>']");
    }
    steps.add(new Index(Integer.parseInt(index)));
    return close + 1;
  }

  private static IllegalArgumentException malformed(String path, int position, String problem) {
    return new IllegalArgumentException("JSONPath '" + path + "' is malformed at position " + position + ": " + problem);
  }
}
