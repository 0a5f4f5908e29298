package dev.anvil.apiserver.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.security.core.Authentication;

/**
 * Short-lived tokens for a browser's console or VNC session: minted for an authorised caller, scoped to one BmcHost
 * and one action, signed with an HMAC key from a Secret (so every replica verifies what any replica minted). They
 * are HS256 JWTs of their own type and issuer, accepted nowhere but {@link #verify}.
 */
public final class DelegatedTokens {

  static final String ISSUER = "anvil-apiserver/delegated";
  static final JOSEObjectType TYPE = new JOSEObjectType("anvil-delegated+jwt");
  /** HS256 needs at least 256 bits. */
  public static final int MIN_KEY_BYTES = 32;

  /** What a delegated token lets its holder open. */
  public enum Action {
    CONSOLE, VNC;

    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** {@code console} or {@code vnc}; anything else is null. */
    public static Action parse(String value) {
      for (var action : values()) {
        if (action.value().equals(value)) {
          return action;
        }
      }
      return null;
    }
  }

  /** A verified token: who minted it, for what, until when. */
  public record Grant(String user, List<String> groups, String namespace, String host, Action action,
      Instant expiresAt) {
  }

  public record Minted(String token, Instant expiresAt) {
  }

  /** A token that is not valid for what it is used for; the message says why without echoing it. */
  public static final class InvalidTokenException extends RuntimeException {
    InvalidTokenException(String message) {
      super(message);
    }
  }

  private record Keys(byte[] signing, List<byte[]> verifying) {
  }

  private final Duration ttl;
  private final Clock clock;
  private volatile Keys keys;

  /** Starts with a random key of this process only, until {@link #replaceKeys} gives the shared one. */
  public DelegatedTokens(Duration ttl, Clock clock) {
    this.ttl = ttl;
    this.clock = clock;
    var random = new byte[MIN_KEY_BYTES];
    new SecureRandom().nextBytes(random);
    this.keys = new Keys(random, List.of(random));
  }

  /** @param signing signs new tokens (and verifies); {@code others} only verify, e.g. the previous key */
  public void replaceKeys(byte[] signing, List<byte[]> others) {
    var all = new java.util.ArrayList<byte[]>();
    all.add(signing.clone());
    others.forEach(k -> all.add(k.clone()));
    keys = new Keys(signing.clone(), List.copyOf(all));
  }

  public Duration ttl() {
    return ttl;
  }

  public Minted mint(Authentication caller, String namespace, String host, Action action) {
    var now = clock.instant();
    var expires = now.plus(ttl);
    var claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject(caller.getName())
        .claim("groups", List.copyOf(Caller.groupsOf(caller))).audience(audience(namespace, host, action))
        .issueTime(Date.from(now)).expirationTime(Date.from(expires)).jwtID(UUID.randomUUID().toString()).build();
    var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(TYPE).build(), claims);
    try {
      jwt.sign(new MACSigner(keys.signing()));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a delegated token", e);
    }
    return new Minted(jwt.serialize(), expires);
  }

  /** Whether {@code token} is shaped as a delegated token (not whether it is valid: {@link #verify} says that). */
  public static boolean looksDelegated(String token) {
    try {
      return TYPE.equals(com.nimbusds.jose.JWSObject.parse(token).getHeader().getType());
    } catch (ParseException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The grant of {@code token} if it was minted here for {@code action} on BmcHost {@code namespace/host} and has
   * not expired.
   *
   * @throws InvalidTokenException otherwise
   */
  public Grant verify(String token, String namespace, String host, Action action) {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException | RuntimeException e) {
      throw new InvalidTokenException("not a delegated token");
    }
    if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !TYPE.equals(jwt.getHeader().getType())
        || !ISSUER.equals(claims.getIssuer())) {
      throw new InvalidTokenException("not a delegated token");
    }
    if (!signedByACurrentKey(jwt)) {
      throw new InvalidTokenException("bad signature");
    }
    var expires = claims.getExpirationTime();
    if (expires == null || !clock.instant().isBefore(expires.toInstant())) {
      throw new InvalidTokenException("the token has expired");
    }
    if (claims.getAudience() == null || !claims.getAudience().equals(List.of(audience(namespace, host, action)))) {
      throw new InvalidTokenException("the token is for another host or action");
    }
    List<String> groups;
    try {
      groups = claims.getStringListClaim("groups");
    } catch (ParseException e) {
      throw new InvalidTokenException("not a delegated token");
    }
    return new Grant(claims.getSubject(), groups == null ? List.of() : groups, namespace, host, action,
        expires.toInstant());
  }

  private boolean signedByACurrentKey(SignedJWT jwt) {
    var verified = false;
    for (var key : keys.verifying()) {
      try {
        verified |= jwt.verify(new MACVerifier(key));
      } catch (JOSEException e) {
        // a key this JWT cannot be checked with is simply not its key
      }
    }
    return verified;
  }

  private static String audience(String namespace, String host, Action action) {
    return "bmchosts/" + action.value() + ":" + namespace + "/" + host;
  }
}
