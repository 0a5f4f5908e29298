package dev.anvil.cli.table;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A kubectl-style table: upper-case headers, columns three spaces apart, padded to the widest cell. */
public final class Table {

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(List<String> headers) {
    this.headers = List.copyOf(headers);
  }

  /** Adds a row; a missing cell shows as {@code <none>}, a cell's line breaks as spaces. */
  public Table row(List<String> cells) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException("a row needs " + headers.size() + " cells, got " + cells.size());
    }
    rows.add(cells.stream().map(Table::cell).toList());
    return this;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  public void print(PrintStream out) {
    var widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (var row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    out.println(line(headers, widths));
    rows.forEach(row -> out.println(line(row, widths)));
  }

  private static String line(List<String> cells, int[] widths) {
    var text = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      var last = i == cells.size() - 1;
      text.append(last ? cells.get(i) : String.format("%-" + widths[i] + "s   ", cells.get(i)));
    }
    return text.toString().stripTrailing();
  }

  private static String cell(String value) {
    return value == null || value.isBlank() ? "<none>" : value.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
