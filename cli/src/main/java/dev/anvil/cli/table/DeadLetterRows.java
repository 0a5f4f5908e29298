package dev.anvil.cli.table;

import java.util.List;
import java.util.Map;

/** The table of a {@code DeadLetterList}: one row per dead letter, a column per field people read first. */
public final class DeadLetterRows {

  private static final List<Column> COLUMNS = List.of(new Column("WORKFLOW", "workflow"),
      new Column("NODE", "node"), new Column("EXECUTION", "execution"), new Column("ATTEMPTS", "attempts"),
      new Column("REASON", "reason"), new Column("MESSAGE", "message"), new Column("TIME", "time"),
      new Column("REPLAYED", "replayed"));

  private DeadLetterRows() {
  }

  /** The table of the items of a {@code DeadLetterList} as the apiserver writes them. */
  public static Table of(List<?> items) {
    var table = new Table(COLUMNS.stream().map(Column::header).toList());
    for (var item : items) {
      if (item instanceof Map<?, ?> fields) {
        table.row(COLUMNS.stream().map(column -> {
          var value = fields.get(column.key());
          return value == null ? null : text(value);
        }).toList());
      }
    }
    return table;
  }

  private static String text(Object value) {
    if (value instanceof Double number && number == Math.rint(number)) {
      return Long.toString(number.longValue());
    }
    return String.valueOf(value);
  }

  private record Column(String header, String key) {
  }
}
