package dev.anvil.cli.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The table of a {@code DeadLetterList}: each item's fields where they are found (at the top, in spec or status, or
 * metadata for the namespace), so that a list shaped a little differently still prints.
 */
public final class DeadLetterRows {

  private static final List<Column> COLUMNS = List.of(
      new Column("WORKFLOW", List.of("workflow", "workflowName")),
      new Column("NODE", List.of("node", "nodeName")),
      new Column("EXECUTION", List.of("execution", "executionId", "run")),
      new Column("ATTEMPTS", List.of("attempts", "attempt")),
      new Column("REASON", List.of("reason")),
      new Column("MESSAGE", List.of("message", "error")),
      new Column("TIME", List.of("time", "timestamp", "failedAt", "deadLetteredAt", "creationTimestamp")),
      new Column("REPLAYED", List.of("replayed", "replayedAt")));

  private DeadLetterRows() {
  }

  /** The table of the items, with a NAMESPACE column first when they come from every namespace. */
  public static Table of(List<?> items, boolean allNamespaces) {
    var headers = new ArrayList<String>();
    if (allNamespaces) {
      headers.add("NAMESPACE");
    }
    COLUMNS.forEach(column -> headers.add(column.header()));
    var table = new Table(headers);
    for (var item : items) {
      if (!(item instanceof Map<?, ?> fields)) {
        continue;
      }
      var cells = new ArrayList<String>();
      if (allNamespaces) {
        cells.add(find(fields, List.of("namespace")));
      }
      COLUMNS.forEach(column -> cells.add(find(fields, column.keys())));
      table.row(cells);
    }
    return table;
  }

  private static String find(Map<?, ?> item, List<String> keys) {
    for (var scope : List.of("", "spec", "status", "metadata")) {
      var fields = scope.isEmpty() ? item : item.get(scope) instanceof Map<?, ?> nested ? nested : null;
      if (fields == null) {
        continue;
      }
      for (var key : keys) {
        var value = fields.get(key);
        if (value != null) {
          return text(value);
        }
      }
    }
    return null;
  }

  private static String text(Object value) {
    if (value instanceof Double number && number == Math.rint(number)) {
      return Long.toString(number.longValue());
    }
    return String.valueOf(value);
  }

  private record Column(String header, List<String> keys) {
  }
}
