package dev.anvil.operator.bmc;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Short hex SHA-256 fingerprints, for ids and versions derived from settings (not for secrets). */
final class Fingerprint {

  private Fingerprint() {
  }

  /** The first {@code bytes} bytes of the SHA-256 of {@code parts}, in hex. */
  static String of(int bytes, byte[]... parts) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      for (var part : parts) {
        digest.update(part);
      }
      return HexFormat.of().formatHex(digest.digest(), 0, bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
