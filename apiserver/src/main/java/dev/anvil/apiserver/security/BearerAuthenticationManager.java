package dev.anvil.apiserver.security;

import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Picks the one check a bearer token gets from its shape: {@code anvil_…} is an API key; a JWT from the OIDC issuer
 * goes to Spring's JWT provider (signature, issuer, audience, expiry); anything else to TokenReview. A token never
 * falls through to a second check, so a bad API key or a bad OIDC JWT is not sent to the cluster.
 */
final class BearerAuthenticationManager implements AuthenticationManager {

  private final ApiKeys apiKeys;
  private final AuthenticationProvider oidc;
  private final String oidcIssuer;
  private final TokenReviewAuthenticator tokenReview;

  /**
   * @param oidc        null when OIDC is off
   * @param tokenReview null when TokenReview is off
   */
  BearerAuthenticationManager(ApiKeys apiKeys, AuthenticationProvider oidc, String oidcIssuer,
      TokenReviewAuthenticator tokenReview) {
    this.apiKeys = apiKeys;
    this.oidc = oidc;
    this.oidcIssuer = oidcIssuer;
    this.tokenReview = tokenReview;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    var token = ((BearerTokenAuthenticationToken) authentication).getToken();
    if (ApiKeys.looksLikeApiKey(token)) {
      return apiKeys.authenticate(token).map(Caller::ofApiKey)
          .orElseThrow(() -> new InvalidBearerTokenException("invalid API key"));
    }
    if (oidc != null && oidcIssuer.equals(unverifiedIssuer(token))) {
      return oidc.authenticate(authentication);
    }
    if (tokenReview != null) {
      return tokenReview.authenticate(token)
          .orElseThrow(() -> new InvalidBearerTokenException("the token was not accepted"));
    }
    throw new InvalidBearerTokenException("the token was not accepted");
  }

  /** Only to route the token: the OIDC provider verifies the signature and the issuer again. */
  private static String unverifiedIssuer(String token) {
    if (token.chars().filter(c -> c == '.').count() != 2) {
      return null;
    }
    try {
      return JWTParser.parse(token).getJWTClaimsSet().getIssuer();
    } catch (ParseException | RuntimeException e) {
      return null;
    }
  }
}
