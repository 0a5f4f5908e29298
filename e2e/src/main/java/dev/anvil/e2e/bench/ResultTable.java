package dev.anvil.e2e.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The figures of a run as a Markdown table ({@code | measure | value |}), the form docs/benchmarks.md keeps. */
final class ResultTable {

  private final List<String[]> rows = new ArrayList<>();

  ResultTable row(String measure, String value) {
    rows.add(new String[] {measure, value});
    return this;
  }

  void print(PrintStream out) {
    out.println();
    out.println("| measure | value |");
    out.println("|---|---|");
    rows.forEach(r -> out.printf("| %s | %s |%n", r[0], r[1]));
  }

  /** A rate as a whole number with thousands separators. */
  static String whole(double value) {
    return String.format("%,.0f", value);
  }

  /** {@code part / whole} as a percentage. */
  static String percent(double part, double whole) {
    return String.format("%.0f %%", 100 * part / whole);
  }
}
