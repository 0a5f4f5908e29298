package dev.anvil.sim.redfish;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The BMC's one account and its Redfish sessions: login, token and Basic checks, idle expiry, logout. */
final class SessionStore {

  /** One logged-in session; {@code lastUsed} moves on with every request that presents its token. */
  record Session(String id, String token, String userName, Instant created, Instant lastUsed) {
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String userName;
  private final String password;
  private final Map<String, Session> byToken = new ConcurrentHashMap<>();
  private final List<String> issued = new CopyOnWriteArrayList<>();
  private final AtomicInteger logins = new AtomicInteger();
  private final AtomicInteger sessionNumbers = new AtomicInteger();
  private volatile Duration idleTimeout;

  SessionStore(String userName, String password, Duration idleTimeout) {
    this.userName = userName;
    this.password = password;
    this.idleTimeout = idleTimeout;
  }

  /** A new session for the right credentials (counted as a login), or empty. */
  Optional<Session> login(String user, String pass) {
    if (!credentialsMatch(user, pass)) {
      return Optional.empty();
    }
    logins.incrementAndGet();
    var bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    var token = HexFormat.of().formatHex(bytes);
    var now = Instant.now();
    var session = new Session(Integer.toString(sessionNumbers.incrementAndGet()), token, user, now, now);
    byToken.put(token, session);
    issued.add(token);
    return Optional.of(session);
  }

  /** The live session of an {@code X-Auth-Token}, touched; an idle one is dropped and not returned. */
  Optional<Session> byToken(String token) {
    if (token == null) {
      return Optional.empty();
    }
    var session = byToken.get(token);
    if (session == null) {
      return Optional.empty();
    }
    var now = Instant.now();
    if (session.lastUsed().plus(idleTimeout).isBefore(now)) {
      byToken.remove(token);
      return Optional.empty();
    }
    byToken.replace(token, session, new Session(session.id(), token, session.userName(), session.created(), now));
    return Optional.of(session);
  }

  /** Whether an {@code Authorization: Basic ...} header carries the account's credentials. */
  boolean basicMatches(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    var colon = decoded.indexOf(':');
    return colon > 0 && credentialsMatch(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  private boolean credentialsMatch(String user, String pass) {
    return user != null && pass != null && userName.equals(user)
        && MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8), pass.getBytes(StandardCharsets.UTF_8));
  }

  Optional<Session> byId(String id) {
    return byToken.values().stream().filter(s -> s.id().equals(id)).findFirst();
  }

  boolean logout(String id) {
    return byToken.values().removeIf(s -> s.id().equals(id));
  }

  /** Live sessions, oldest first. */
  List<Session> sessions() {
    var list = new ArrayList<>(byToken.values());
    list.sort((a, b) -> Integer.compare(Integer.parseInt(a.id()), Integer.parseInt(b.id())));
    return list;
  }

  /** Ends every session, as a BMC reboot or an administrator would; clients must log in again. */
  void invalidateAll() {
    byToken.clear();
  }

  void idleTimeout(Duration timeout) {
    this.idleTimeout = timeout;
  }

  List<String> issuedTokens() {
    return List.copyOf(issued);
  }

  int logins() {
    return logins.get();
  }
}
