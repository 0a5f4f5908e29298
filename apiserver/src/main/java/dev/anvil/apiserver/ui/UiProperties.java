package dev.anvil.apiserver.ui;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the web console, {@code anvil.ui.*}.
 *
 * @param oidc how the console signs users in with the OIDC issuer of {@code anvil.auth.oidc.issuer-uri}
 */
@ConfigurationProperties("anvil.ui")
public record UiProperties(@DefaultValue Oidc oidc) {

  /**
   * @param clientId the console's (public) client at the issuer; empty: no OIDC sign-in in the console
   * @param scopes   the scopes the console asks for
   */
  public record Oidc(
      @DefaultValue("") String clientId,
      @DefaultValue("openid profile email") String scopes) {
  }
}
