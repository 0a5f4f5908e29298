package dev.anvil.crds.generation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Puts a CRD version's printer columns back in the order the custom resource class declares them, Age last.
 *
 * <p>Fabric8's generator sorts columns by JSON path, which puts Age ({@code .metadata...}) first.
 */
final class PrinterColumnOrder {

  static final String AGE_PATH = ".metadata.creationTimestamp";

  private final List<AdditionalPrinterColumn> declared;

  PrinterColumnOrder(Class<?> resourceClass) {
    this.declared = Arrays.asList(resourceClass.getAnnotationsByType(AdditionalPrinterColumn.class));
  }

  /** Returns the columns reordered: declared ones in declaration order, then any others as given, Age last. */
  ArrayNode reorder(ArrayNode columns) {
    List<JsonNode> sorted = new ArrayList<>();
    columns.forEach(sorted::add);
    // List.sort is stable: undeclared columns keep their generated order among themselves.
    sorted.sort(Comparator.comparingInt(this::rank));
    ArrayNode result = columns.arrayNode();
    sorted.forEach(result::add);
    return result;
  }

  private int rank(JsonNode column) {
    if (AGE_PATH.equals(column.path("jsonPath").asText())) {
      return Integer.MAX_VALUE;
    }
    for (int i = 0; i < declared.size(); i++) {
      AdditionalPrinterColumn annotation = declared.get(i);
      if (annotation.name().equals(column.path("name").asText())
          && annotation.jsonPath().equals(column.path("jsonPath").asText())) {
        return i;
      }
    }
    return declared.size();
  }
}
