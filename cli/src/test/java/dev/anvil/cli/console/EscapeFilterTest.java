package dev.anvil.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The detach key is found wherever it is typed, and nothing from it on reaches the console. */
class EscapeFilterTest {

  private final EscapeFilter filter = new EscapeFilter(EscapeFilter.CTRL_RIGHT_BRACKET);

  @Test
  void keystrokesWithoutTheEscapePassUnchanged() {
    var typed = "ls -l\r\u0003\u001b[A".getBytes(StandardCharsets.UTF_8);

    var chunk = filter.filter(typed, typed.length);

    assertThat(chunk.escaped()).isFalse();
    assertThat(chunk.forward()).isEqualTo(typed);
  }

  @Test
  void bytesBeforeTheEscapeAreForwardedAndTheRestDropped() {
    var typed = new byte[] {'a', 'b', 0x1d, 'c', 0x1d};

    var chunk = filter.filter(typed, typed.length);

    assertThat(chunk.escaped()).isTrue();
    assertThat(chunk.forward()).containsExactly('a', 'b');
  }

  @Test
  void theEscapeAloneForwardsNothing() {
    var chunk = filter.filter(new byte[] {0x1d}, 1);

    assertThat(chunk.escaped()).isTrue();
    assertThat(chunk.forward()).isEmpty();
  }

  @Test
  void onlyTheReadPartOfTheBufferCounts() {
    var buffer = new byte[] {'x', 'y', 0x1d, 0x1d};

    var chunk = filter.filter(buffer, 2);

    assertThat(chunk.escaped()).isFalse();
    assertThat(chunk.forward()).containsExactly('x', 'y');
  }

  @Test
  void aReadOnlyFilterAlsoLeavesOnCtrlC() {
    var readOnly = new EscapeFilter(EscapeFilter.CTRL_RIGHT_BRACKET, EscapeFilter.CTRL_C);

    assertThat(readOnly.filter(new byte[] {'q', 0x03}, 2).escaped()).isTrue();
    assertThat(filter.filter(new byte[] {'q', 0x03}, 2).escaped()).isFalse();
  }
}
