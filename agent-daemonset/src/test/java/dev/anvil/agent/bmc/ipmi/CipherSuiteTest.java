package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CipherSuiteTest {

  @Test
  void suitesThreeAndSeventeenSignAndEncrypt() throws Exception {
    assertThat(CipherSuite.of(3)).isEqualTo(CipherSuite.SUITE_3);
    assertThat(CipherSuite.of(17).mac()).isEqualTo("HmacSHA256");
    assertThat(CipherSuite.of(17).integrityLength()).isEqualTo(16);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 6, 7, 11, 15, 16})
  void suitesWithoutIntegrityOrEncryptionAreRefused(int id) {
    assertThatThrownBy(() -> CipherSuite.of(id)).isInstanceOf(BmcException.class)
        .hasMessageContaining("refused").extracting(e -> ((BmcException) e).kind()).isEqualTo(Kind.UNSUPPORTED);
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 12, 4, 19})
  void md5AndRc4SuitesAreNotImplemented(int id) {
    assertThatThrownBy(() -> CipherSuite.of(id)).isInstanceOf(BmcException.class)
        .hasMessageContaining("not supported").extracting(e -> ((BmcException) e).kind())
        .isEqualTo(Kind.UNSUPPORTED);
  }
}
