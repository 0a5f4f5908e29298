package dev.anvil.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  private final RecordingListener listener = new RecordingListener();

  private void read(byte[] bytes) {
    var reader = new LineReader("t", new ByteArrayInputStream(bytes), LogStream.STDOUT,
        new LineSequencer("t", listener));
    reader.run();
    assertThat(reader.done()).isCompleted();
  }

  @Test
  void lineOfExactlyTheLimitStaysWholeAndLongerOnesAreCut() {
    var exact = "a".repeat(LogLine.MAX_BYTES);
    var longer = "b".repeat(2 * LogLine.MAX_BYTES + 5);
    read((exact + "\n" + longer + "\nend").getBytes(StandardCharsets.UTF_8));

    // Compared as lengths and joined text: a failing comparison of 64 KiB strings is unreadable.
    var out = listener.texts(LogStream.STDOUT);
    assertThat(out).extracting(String::length)
        .containsExactly(LogLine.MAX_BYTES, LogLine.MAX_BYTES, LogLine.MAX_BYTES, 5, 3);
    assertThat(out.get(0).equals(exact) && String.join("", out.subList(1, 4)).equals(longer)).isTrue();
    assertThat(out.get(4)).isEqualTo("end");
  }

  @Test
  void cutDoesNotSplitAMultiByteCharacter() {
    // 'x' shifts the 4-byte emoji so that one straddles the limit.
    var line = "x" + "\uD83D\uDE00".repeat(LogLine.MAX_BYTES / 4 + 10);
    read((line + "\n").getBytes(StandardCharsets.UTF_8));

    var pieces = listener.texts(LogStream.STDOUT);
    assertThat(pieces).hasSize(2);
    assertThat(String.join("", pieces).equals(line)).as("pieces join to the line").isTrue();
    assertThat(pieces.get(0).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(LogLine.MAX_BYTES);
  }

  @Test
  void malformedUtf8IsReplacedAndCrlfAndEmptyLinesSurvive() {
    var out = new ByteArrayOutputStream();
    out.writeBytes("ok\r\n\n".getBytes(StandardCharsets.UTF_8));
    out.writeBytes(new byte[] {'b', 'a', (byte) 0xFF, 'd', (byte) 0xC3, '\n'});
    read(out.toByteArray());

    assertThat(listener.texts(LogStream.STDOUT)).containsExactly("ok", "", "ba\uFFFDd\uFFFD");
  }
}
