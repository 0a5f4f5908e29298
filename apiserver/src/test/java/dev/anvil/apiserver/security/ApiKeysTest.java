package dev.anvil.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class ApiKeysTest {

  private static final String TOKEN = "anvil_ci_0123456789abcdefghijklmnopqrstuv";

  @Test
  void aKeyIsCheckedAgainstItsHashAndTheHashIsAllTheSecretHolds() {
    var entry = "{\"hash\": \"" + ApiKeys.hash(TOKEN) + "\", \"user\": \"ci\", \"groups\": [\"team-a\"],"
        + " \"namespaces\": [\"team-a\"], \"verbs\": [\"get\"]}";
    var secret = new SecretBuilder().withData(Map.of("ci",
        Base64.getEncoder().encodeToString(entry.getBytes(StandardCharsets.UTF_8)))).build();
    var keys = new ApiKeys();
    keys.replace(ApiKeyWatch.keysOf(secret, "anvil/keys"));

    assertThat(entry).doesNotContain(TOKEN).doesNotContain(TOKEN.substring("anvil_ci_".length()));
    var key = keys.authenticate(TOKEN).orElseThrow();
    assertThat(key.user()).isEqualTo("ci");
    assertThat(key.groups()).containsExactly("team-a");
    assertThat(key.permits("get", "team-a")).isTrue();
    assertThat(key.permits("delete", "team-a")).isFalse();
    assertThat(key.permits("get", "team-b")).isFalse();
    assertThat(key.permits("get", "")).isFalse();
    assertThat(key.toString()).doesNotContain(key.hash());
  }

  @Test
  void wrongSecretsUnknownIdsAndOtherShapesAreRefused() {
    var keys = new ApiKeys();
    keys.replace(List.of(new ApiKey("ci", ApiKeys.hash(TOKEN), "ci", List.of(), List.of("*"), List.of("*"))));
    assertThat(keys.authenticate(TOKEN.substring(0, TOKEN.length() - 1) + "w")).isEmpty();
    assertThat(keys.authenticate(TOKEN.replace("anvil_ci_", "anvil_cd_"))).isEmpty();
    assertThat(keys.authenticate("anvil_ci_short")).isEmpty();
    assertThat(keys.authenticate("Bearer " + TOKEN)).isEmpty();
    // a revoked key stops working even after it was matched (and remembered) once
    assertThat(keys.authenticate(TOKEN)).isPresent();
    keys.replace(List.of());
    assertThat(keys.authenticate(TOKEN)).isEmpty();
  }

  @Test
  void slowHashesFromSpringSecurityAreAcceptedToo() {
    var keys = new ApiKeys();
    keys.replace(List.of(new ApiKey("ci", "{bcrypt}" + new BCryptPasswordEncoder(4).encode(TOKEN), "ci", List.of(),
        List.of("*"), List.of("*"))));
    assertThat(keys.authenticate(TOKEN)).isPresent();
    assertThat(keys.authenticate(TOKEN + "x")).isEmpty();
  }

  @Test
  void aBareHexHashIsSha256AndBadEntriesAreRefusedWithoutEchoingThem() {
    var hex = ApiKeys.hash(TOKEN).substring("{sha256}".length());
    var key = ApiKeyWatch.parse("ci", "hash: " + hex + "\nuser: ci\nnamespaces: [a]\n");
    assertThat(key.hash()).isEqualTo("{sha256}" + hex);
    assertThat(key.verbs()).containsExactly("*");
    assertThatThrownBy(() -> ApiKeyWatch.parse("ci", "{\"hash\": \"x\"}")).hasMessageContaining("user");
    assertThatThrownBy(() -> ApiKeyWatch.parse("c_i", "{\"hash\": \"x\", \"user\": \"u\"}"))
        .hasMessageContaining("'_'");
  }
}
