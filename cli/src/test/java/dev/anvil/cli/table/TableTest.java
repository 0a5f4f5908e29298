package dev.anvil.cli.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kubectl-style tables, and dead letters as one, whatever fields the items have. */
class TableTest {

  @Test
  void columnsAreAsWideAsTheirWidestCellAndMissingCellsSayNone() {
    var table = new Table(List.of("NAME", "REASON", "AGE"))
        .row(List.of("a-long-name", "Failed", "5m"))
        .row(Arrays.asList("b", null, "10s"));

    assertThat(print(table)).isEqualTo("""
        NAME          REASON   AGE
        a-long-name   Failed   5m
        b             <none>   10s
        """);
  }

  @Test
  void aMultiLineCellStaysOnOneLine() {
    var table = new Table(List.of("MESSAGE")).row(List.of("first\n  second\r\nthird"));

    assertThat(print(table)).isEqualTo("MESSAGE\nfirst second third\n");
  }

  @Test
  void aRowOfTheWrongWidthIsRefused() {
    assertThatThrownBy(() -> new Table(List.of("A", "B")).row(List.of("1")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deadLettersPrintTheirFieldsAndNoneWhereOneIsMissing() {
    List<?> items = List.of(Map.of("workflow", "w", "node", "fetch", "attempts", 3.0, "replayed", true),
        "not an object");

    var text = print(DeadLetterRows.of(items));

    assertThat(text.lines().toList()).containsExactly(
        "WORKFLOW   NODE    EXECUTION   ATTEMPTS   REASON   MESSAGE   TIME     REPLAYED",
        "w          fetch   <none>      3          <none>   <none>    <none>   true");
  }

  private static String print(Table table) {
    var bytes = new ByteArrayOutputStream();
    table.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
