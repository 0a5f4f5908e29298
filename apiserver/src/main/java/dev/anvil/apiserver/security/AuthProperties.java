package dev.anvil.apiserver.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication of the REST routes, {@code anvil.auth.*}: which bearer tokens are accepted and where their keys live.
 *
 * @param apiKeys       the Secret holding hashed API keys
 * @param oidc          OIDC JWTs; off while {@code issuer-uri} is empty
 * @param tokenReview   Kubernetes tokens (service accounts) checked with TokenReview
 * @param delegated     short-lived console/VNC tokens
 * @param publicMetrics whether {@code /metrics} is served without a token (for a scraper on a trusted network)
 */
@ConfigurationProperties("anvil.auth")
public record AuthProperties(
    @DefaultValue ApiKeys apiKeys,
    @DefaultValue Oidc oidc,
    @DefaultValue TokenReview tokenReview,
    @DefaultValue Delegated delegated,
    @DefaultValue("false") boolean publicMetrics) {

  /**
   * @param secretName      Secret whose every key is one API key (key name = the key's id)
   * @param secretNamespace empty for the apiserver's own namespace
   */
  public record ApiKeys(
      @DefaultValue("anvil-api-keys") String secretName,
      @DefaultValue("") String secretNamespace) {
  }

  /**
   * @param issuerUri      the issuer ({@code iss}); empty turns OIDC off
   * @param jwkSetUri      the JWKS; empty to discover it from the issuer's {@code .well-known/openid-configuration}
   * @param audiences      accepted {@code aud} values; a token must name at least one (empty accepts any)
   * @param usernameClaim  the claim that is the user name
   * @param usernamePrefix put before the user name, so an OIDC user can never pass for a Kubernetes one
   * @param groupsClaim    the claim listing the groups
   * @param groupsPrefix   put before each group, so a token can never claim e.g. {@code system:masters}
   */
  public record Oidc(
      @DefaultValue("") String issuerUri,
      @DefaultValue("") String jwkSetUri,
      @DefaultValue List<String> audiences,
      @DefaultValue("sub") String usernameClaim,
      @DefaultValue("oidc:") String usernamePrefix,
      @DefaultValue("groups") String groupsClaim,
      @DefaultValue("oidc:") String groupsPrefix) {

    public boolean enabled() {
      return !issuerUri.isBlank();
    }
  }

  /**
   * @param enabled   whether tokens that are neither API keys nor OIDC JWTs are sent to TokenReview
   * @param audiences audiences asked for in the review; empty for the API server's own
   * @param cacheTtl  how long a review's answer (yes or no) is reused for the same token
   */
  public record TokenReview(
      @DefaultValue("true") boolean enabled,
      @DefaultValue List<String> audiences,
      @DefaultValue("10s") Duration cacheTtl) {
  }

  /**
   * @param secretName      Secret with the HMAC key(s): {@code key} signs, {@code key} and {@code key-*} verify
   * @param secretNamespace empty for the apiserver's own namespace
   * @param ttl             how long a minted token is valid
   */
  public record Delegated(
      @DefaultValue("anvil-delegated-token-key") String secretName,
      @DefaultValue("") String secretNamespace,
      @DefaultValue("60s") Duration ttl) {
  }
}
