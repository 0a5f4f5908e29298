package dev.anvil.apiserver.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * SHA-256 of an API key, hex: enough for a random 128-bit-or-more secret (nothing to brute-force, unlike a password)
 * and cheap on every request; compared in constant time. Written {@code {sha256}<hex>} in the Secret.
 */
final class Sha256KeyEncoder implements PasswordEncoder {

  static final String ID = "sha256";

  @Override
  public String encode(CharSequence raw) {
    return HexFormat.of().formatHex(digest(raw));
  }

  @Override
  public boolean matches(CharSequence raw, String encoded) {
    if (encoded == null) {
      return false;
    }
    byte[] expected;
    try {
      expected = HexFormat.of().parseHex(encoded.strip().toLowerCase());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(digest(raw), expected);
  }

  static byte[] digest(CharSequence raw) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(raw.toString().getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
