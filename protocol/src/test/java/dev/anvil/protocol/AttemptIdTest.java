package dev.anvil.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttemptIdTest {

  @Test
  void formatsAsUidSlashAttempt() {
    assertThat(new AttemptId("3f0c6f1e-8a51", 2)).hasToString("3f0c6f1e-8a51/2");
  }

  @Test
  void parsesWhatItFormats() {
    var id = new AttemptId("3f0c6f1e-8a51-4c1e-9d0e-2b7c1a9e5d42", 12);

    assertThat(AttemptId.parse(id.toString())).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "uid", "/1", "uid/", "uid/0", "uid/-1", "uid/+1", "uid/one", "a/b/1", " /1",
      "uid/99999999999"})
  void rejectsMalformedIds(String value) {
    assertThatIllegalArgumentException().isThrownBy(() -> AttemptId.parse(value));
  }

  @Test
  void rejectsAUidThatWouldNotParseBack() {
    assertThatIllegalArgumentException().isThrownBy(() -> new AttemptId("a/b", 1));
  }
}
