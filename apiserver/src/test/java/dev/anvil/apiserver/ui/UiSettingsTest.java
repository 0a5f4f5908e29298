package dev.anvil.apiserver.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.apiserver.security.AuthProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the console is told about OIDC sign-in, and the issuer in its Content-Security-Policy. */
class UiSettingsTest {

  private static AuthProperties auth(String issuer) {
    return new AuthProperties(new AuthProperties.ApiKeys("anvil-api-keys", ""),
        new AuthProperties.Oidc(issuer, "", List.of(), "sub", "oidc:", "groups", "oidc:"),
        new AuthProperties.TokenReview(true, List.of(), Duration.ofSeconds(10)),
        new AuthProperties.Delegated("anvil-delegated-token-key", "", Duration.ofSeconds(60)), false);
  }

  private static UiProperties ui(String clientId) {
    return new UiProperties(new UiProperties.Oidc(clientId, "openid profile email"));
  }

  @Test
  void oidcSignInIsOfferedOnlyWithAnIssuerAndAClientId() throws Exception {
    assertThat(UiController.config(auth("https://login.example.com/realms/anvil"), ui("anvil-console")))
        .isEqualTo("{\"oidc\":{\"issuer\":\"https://login.example.com/realms/anvil\",\"clientId\":\"anvil-console\","
            + "\"scopes\":\"openid profile email\"}}");
    assertThat(UiController.config(auth(""), ui("anvil-console"))).isEqualTo("{\"oidc\":null}");
    assertThat(UiController.config(auth("https://login.example.com/realms/anvil"), ui(""))).isEqualTo(
        "{\"oidc\":null}");
  }

  @Test
  void thePolicyLetsTheConsoleTalkToTheIssuersOriginOnlyWhenOidcIsOn() {
    var withIssuer = UiSecurityConfiguration.contentSecurityPolicy(auth("https://login.example.com:8443/realms/anvil"));
    assertThat(withIssuer).contains("connect-src 'self' ws: wss: https://login.example.com:8443;",
        "form-action 'self' https://login.example.com:8443;", "frame-ancestors 'none'", "script-src 'self';");
    assertThat(UiSecurityConfiguration.contentSecurityPolicy(auth(""))).contains("connect-src 'self' ws: wss:;")
        .doesNotContain("https://");
  }
}
