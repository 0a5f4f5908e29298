package dev.anvil.apiserver.security;

import java.util.ArrayList;
import java.util.Collection;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/** Turns a verified OIDC JWT into a {@link Caller}: the user and groups claims, each behind its prefix. */
final class OidcJwtConverter implements Converter<Jwt, AbstractAuthenticationToken> {

  private final AuthProperties.Oidc oidc;

  OidcJwtConverter(AuthProperties.Oidc oidc) {
    this.oidc = oidc;
  }

  @Override
  public AbstractAuthenticationToken convert(Jwt jwt) {
    var user = jwt.getClaimAsString(oidc.usernameClaim());
    if (user == null || user.isBlank()) {
      throw new InvalidBearerTokenException("the token has no '" + oidc.usernameClaim() + "' claim");
    }
    var groups = new ArrayList<String>();
    var claim = jwt.getClaims().get(oidc.groupsClaim());
    if (claim instanceof Collection<?> list) {
      list.stream().filter(String.class::isInstance).forEach(g -> groups.add(oidc.groupsPrefix() + g));
    } else if (claim instanceof String single) {
      groups.add(oidc.groupsPrefix() + single);
    }
    return Caller.of(oidc.usernamePrefix() + user, groups, Caller.Kind.OIDC);
  }
}
