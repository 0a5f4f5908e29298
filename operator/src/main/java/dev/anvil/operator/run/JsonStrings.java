package dev.anvil.operator.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Every string value of a spec object, read or rewritten through its JSON form (Pod templates included). */
public final class JsonStrings {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private JsonStrings() {
  }

  /** All string values in {@code spec}, depth first. */
  public static List<String> of(Object spec) {
    var found = new ArrayList<String>();
    if (spec != null) {
      collect(SERIALIZATION.convertValue(spec, JsonNode.class), found);
    }
    return found;
  }

  /** A copy of {@code spec} with every string value passed through {@code rewrite}. */
  public static <T> T rewrite(T spec, Class<T> type, UnaryOperator<String> rewrite) {
    JsonNode tree = SERIALIZATION.convertValue(spec, JsonNode.class);
    return SERIALIZATION.convertValue(rewritten(tree, rewrite), type);
  }

  private static void collect(JsonNode node, List<String> found) {
    if (node.isTextual()) {
      found.add(node.textValue());
    } else if (node.isContainerNode()) {
      node.forEach(child -> collect(child, found));
    }
  }

  private static JsonNode rewritten(JsonNode node, UnaryOperator<String> rewrite) {
    if (node.isTextual()) {
      return TextNode.valueOf(rewrite.apply(node.textValue()));
    }
    if (node instanceof ObjectNode object) {
      var names = new ArrayList<String>();
      object.fieldNames().forEachRemaining(names::add);
      names.forEach(name -> object.set(name, rewritten(object.get(name), rewrite)));
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, rewritten(array.get(i), rewrite));
      }
    }
    return node;
  }
}
