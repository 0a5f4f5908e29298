package dev.anvil.operator.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

  @Test
  void cutsLongLinesAndKeepsTheNextOnes() throws Exception {
    var reader = new BoundedLineReader(new StringReader("x".repeat(20_000) + "\nshort\r\n\nlast"), 10);
    assertThat(reader.readLine()).isEqualTo("x".repeat(10));
    assertThat(reader.readLine()).isEqualTo("short");
    assertThat(reader.readLine()).isEmpty();
    assertThat(reader.readLine()).isEqualTo("last");
    assertThat(reader.readLine()).isNull();
  }
}
