package dev.anvil.apiserver.security;

import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

/**
 * The API keys accepted right now, by id; replaced as a whole when their Secret changes. A token
 * {@code anvil_<id>_<secret>} is checked against its id's hash only.
 */
public final class ApiKeys {

  /** The shape of an API key: the id never holds {@code _}, so the first two underscores split it. */
  public static final Pattern SHAPE = Pattern.compile("anvil_([A-Za-z0-9.-]{1,63})_([A-Za-z0-9_-]{16,256})");
  private static final String DUMMY_HASH = "{sha256}" + "0".repeat(64);
  private static final int VERIFIED_MAX = 10_000;

  private final PasswordEncoder encoder = encoder();
  private volatile Map<String, ApiKey> keys = Map.of();
  /** Tokens already matched, by their SHA-256: a slow hash ({@code bcrypt}, PBKDF2) costs once per key, not per call. */
  private final Map<String, ApiKey> verified = new ConcurrentHashMap<>();

  /** The encoders a Secret entry may name: {@code {sha256}} (the default), {@code {bcrypt}}, PBKDF2. */
  public static PasswordEncoder encoder() {
    return new DelegatingPasswordEncoder(Sha256KeyEncoder.ID, Map.of(
        Sha256KeyEncoder.ID, new Sha256KeyEncoder(),
        "bcrypt", new BCryptPasswordEncoder(),
        "pbkdf2@SpringSecurity_v5_8", Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8()));
  }

  /** The hash to put in a Secret entry for {@code token}, {@code {sha256}<hex>}. */
  public static String hash(String token) {
    return new DelegatingPasswordEncoder(Sha256KeyEncoder.ID, Map.of(Sha256KeyEncoder.ID, new Sha256KeyEncoder()))
        .encode(token);
  }

  public static boolean looksLikeApiKey(String token) {
    return token.startsWith("anvil_");
  }

  public void replace(Collection<ApiKey> current) {
    keys = current.stream().collect(Collectors.toUnmodifiableMap(ApiKey::id, Function.identity(), (a, b) -> b));
    verified.clear();
  }

  public int size() {
    return keys.size();
  }

  /** The key {@code token} is, if it is a current one. */
  public Optional<ApiKey> authenticate(String token) {
    var shape = SHAPE.matcher(token);
    if (!shape.matches()) {
      return Optional.empty();
    }
    var current = keys;
    var fingerprint = HexFormat.of().formatHex(Sha256KeyEncoder.digest(token));
    var known = verified.get(fingerprint);
    if (known != null && current.get(known.id()) == known) {
      return Optional.of(known);
    }
    var key = current.get(shape.group(1));
    // an unknown id costs a comparison too, so timing does not tell which ids exist
    var matches = encoder.matches(token, key == null ? DUMMY_HASH : key.hash());
    if (key == null || !matches) {
      return Optional.empty();
    }
    if (verified.size() >= VERIFIED_MAX) {
      verified.clear();
    }
    verified.put(fingerprint, key);
    return Optional.of(key);
  }
}
