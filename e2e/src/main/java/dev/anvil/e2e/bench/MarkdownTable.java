package dev.anvil.e2e.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Figures as a Markdown table with any number of columns, the form docs/benchmarks.md keeps. */
final class MarkdownTable {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  MarkdownTable(String... header) {
    this.header = List.of(header);
  }

  MarkdownTable row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + header.size());
    }
    var row = new ArrayList<String>();
    for (var cell : cells) {
      row.add(String.valueOf(cell));
    }
    rows.add(row);
    return this;
  }

  void print(PrintStream out) {
    out.println();
    out.println("| " + String.join(" | ", header) + " |");
    out.println("|" + "---|".repeat(header.size()));
    rows.forEach(row -> out.println("| " + String.join(" | ", row) + " |"));
  }

  /** A number with thousands separators and the given decimals. */
  static String number(double value, int decimals) {
    return String.format("%,." + decimals + "f", value);
  }

  /** How many times {@code a} is {@code b}, e.g. "12.3×". */
  static String times(double a, double b) {
    return String.format("%.1f×", a / b);
  }
}
