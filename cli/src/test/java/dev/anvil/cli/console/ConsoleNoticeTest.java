package dev.anvil.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The console's status frames as one-line notices. */
class ConsoleNoticeTest {

  @Test
  void aReaderIsToldWhoHasTheConsole() {
    assertThat(ConsoleNotice.parse("{\"type\":\"role\",\"writer\":false,\"message\":\"alice has the console\"}")
        .line()).isEqualTo("[anvil] read-only: alice has the console");
  }

  @Test
  void aWritersNoticeIsTheMessage() {
    assertThat(ConsoleNotice.parse("{\"type\":\"opened\",\"writer\":true,\"message\":\"attached to node-1\"}")
        .line()).isEqualTo("[anvil] attached to node-1");
  }

  @Test
  void aCloseWithoutMessageShowsTheReason() {
    assertThat(ConsoleNotice.parse("{\"type\":\"closed\",\"reason\":\"SessionEnded\"}").line())
        .isEqualTo("[anvil] closed: SessionEnded");
  }

  @Test
  void textThatIsNoJsonIsShownAsItCame() {
    assertThat(ConsoleNotice.parse("BMC busy, retrying").line()).isEqualTo("[anvil] BMC busy, retrying");
  }
}
