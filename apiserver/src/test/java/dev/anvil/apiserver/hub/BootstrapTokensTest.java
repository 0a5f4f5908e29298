package dev.anvil.apiserver.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which tokens a bootstrap Secret yields, and which presented tokens they accept. */
class BootstrapTokensTest {

  @Test
  void acceptsTheTokenAndItsRotationKeysOnly() {
    var secret = new SecretBuilder().withNewMetadata().withName("anvil-agent-bootstrap").endMetadata()
        .withData(Map.of(
            "token", base64("current\n"),
            "token-next", base64("next"),
            "tokenizer", base64("not-a-token-key"),
            "ca.crt", base64("irrelevant")))
        .build();
    var tokens = new BootstrapTokens();

    tokens.replace(BootstrapTokenWatch.tokensOf(secret, "token"));

    assertThat(tokens.accepts("current")).isTrue();
    assertThat(tokens.accepts("next")).isTrue();
    assertThat(tokens.accepts("not-a-token-key")).isFalse();
    assertThat(tokens.accepts("curren")).isFalse();
    assertThat(tokens.accepts("")).isFalse();
  }

  @Test
  void anEmptySecretAcceptsNothing() {
    var tokens = new BootstrapTokens();
    tokens.replace(List.of(""));

    assertThat(tokens.isEmpty()).isTrue();
    assertThat(tokens.accepts("")).isFalse();
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
