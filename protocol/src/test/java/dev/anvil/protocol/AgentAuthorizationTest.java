package dev.anvil.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.grpc.Metadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentAuthorizationTest {

  @Test
  void headersCarryABearerCredential() {
    var headers = AgentAuthorization.headers("abc.DEF-123");

    assertThat(headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)))
        .isEqualTo("Bearer abc.DEF-123");
    assertThat(AgentAuthorization.token(headers)).contains("abc.DEF-123");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bearer tok", "BEARER tok", "Bearer  tok"})
  void schemeIsCaseInsensitive(String value) {
    assertThat(AgentAuthorization.token(headersWith(value))).contains("tok");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tok", "Basic dG9rOg==", "Bearer", "Bearer ", "Bearer a b", "Bearertok"})
  void anythingButOneBearerTokenIsNoToken(String value) {
    assertThat(AgentAuthorization.token(headersWith(value))).isEmpty();
  }

  @Test
  void missingHeaderIsNoToken() {
    assertThat(AgentAuthorization.token(new Metadata())).isEmpty();
  }

  @Test
  void twoCredentialsAreNoToken() {
    var headers = headersWith("Bearer one");
    headers.put(AgentAuthorization.AUTHORIZATION, "Bearer two");

    assertThat(AgentAuthorization.token(headers)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "line\nbreak", "tab\t", "nön-ascii"})
  void refusesTokensThatCannotTravelInTheHeaderWithoutEchoingThem(String token) {
    assertThatIllegalArgumentException().isThrownBy(() -> AgentAuthorization.bearer(token))
        .satisfies(e -> {
          if (!token.isEmpty()) {
            assertThat(e.getMessage()).doesNotContain(token);
          }
        });
  }

  private static Metadata headersWith(String value) {
    var headers = new Metadata();
    headers.put(AgentAuthorization.AUTHORIZATION, value);
    return headers;
  }
}
