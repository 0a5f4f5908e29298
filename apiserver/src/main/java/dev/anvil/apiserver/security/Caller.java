package dev.anvil.apiserver.security;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated caller of the REST routes: its name is the user, its authorities are {@code GROUP_<group>} — the
 * identity the front door impersonates when it forwards to a cluster. Never holds the token it was made from.
 */
public final class Caller extends AbstractAuthenticationToken {

  /** Prefix of the authorities that are groups. */
  public static final String GROUP_PREFIX = "GROUP_";

  /** How the caller proved who it is. */
  public enum Kind {
    API_KEY, OIDC, SERVICE_ACCOUNT, DELEGATED
  }

  private final String user;
  private final List<String> groups;
  private final Kind kind;
  private final ApiKey apiKey;

  private Caller(String user, List<String> groups, Kind kind, ApiKey apiKey) {
    super(authorities(groups));
    this.user = user;
    this.groups = List.copyOf(groups);
    this.kind = kind;
    this.apiKey = apiKey;
    setAuthenticated(true);
  }

  public static Caller of(String user, Collection<String> groups, Kind kind) {
    return new Caller(user, List.copyOf(groups), kind, null);
  }

  public static Caller ofApiKey(ApiKey key) {
    return new Caller(key.user(), key.groups(), Kind.API_KEY, key);
  }

  private static List<GrantedAuthority> authorities(List<String> groups) {
    return groups.stream().<GrantedAuthority>map(g -> new SimpleGrantedAuthority(GROUP_PREFIX + g)).toList();
  }

  @Override
  public String getName() {
    return user;
  }

  public String user() {
    return user;
  }

  public List<String> groups() {
    return groups;
  }

  public Kind kind() {
    return kind;
  }

  /** The API key the caller presented, with its namespace rule; null for other kinds. */
  public ApiKey apiKey() {
    return apiKey;
  }

  /** The user name of any authentication: this one's user, or the name of one made elsewhere. */
  public static String userOf(org.springframework.security.core.Authentication authentication) {
    return authentication.getName();
  }

  /** The groups of any authentication, read from its {@code GROUP_} authorities. */
  public static Set<String> groupsOf(org.springframework.security.core.Authentication authentication) {
    var groups = new java.util.LinkedHashSet<String>();
    for (var authority : authentication.getAuthorities()) {
      var name = authority.getAuthority();
      if (name != null && name.startsWith(GROUP_PREFIX)) {
        groups.add(name.substring(GROUP_PREFIX.length()));
      }
    }
    return groups;
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public Object getPrincipal() {
    return user;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Caller c && c.user.equals(user) && c.groups.equals(groups) && c.kind == kind;
  }

  @Override
  public int hashCode() {
    return user.hashCode() * 31 + groups.hashCode();
  }
}
