package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An RMCP+ cipher suite this client speaks, with its algorithm numbers and HMAC (IPMI 2.0 table 22-20).
 *
 * @param id the cipher suite id
 * @param authAlgorithm RAKP authentication algorithm number (1 RAKP-HMAC-SHA1, 3 RAKP-HMAC-SHA256)
 * @param integrityAlgorithm integrity algorithm number (1 HMAC-SHA1-96, 4 HMAC-SHA256-128)
 * @param confidentialityAlgorithm confidentiality algorithm number (1 AES-CBC-128)
 * @param mac the JCA name of the HMAC used by all three
 * @param integrityLength bytes of the truncated HMAC in a packet's AuthCode and in RAKP 4
 */
record CipherSuite(int id, int authAlgorithm, int integrityAlgorithm, int confidentialityAlgorithm, String mac,
    int integrityLength) {

  static final CipherSuite SUITE_3 = new CipherSuite(3, 1, 1, 1, "HmacSHA1", 12);
  static final CipherSuite SUITE_17 = new CipherSuite(17, 3, 4, 1, "HmacSHA256", 16);

  /** The suite with that id, or UNSUPPORTED: suites without encryption or integrity are refused by design. */
  static CipherSuite of(int id) throws BmcException {
    return switch (id) {
      case 3 -> SUITE_3;
      case 17 -> SUITE_17;
      case 0, 1, 2, 6, 7, 11, 15, 16 -> throw new BmcException(Kind.UNSUPPORTED, "IPMI cipher suite " + id
          + " is refused: it does not both sign and encrypt every packet; use cipher suite 3 or 17");
      default -> throw new BmcException(Kind.UNSUPPORTED, "IPMI cipher suite " + id
          + " is not supported (MD5 and RC4 suites are not implemented); use cipher suite 3 or 17");
    };
  }

  /** HMAC of the concatenated parts under the given key, full length. */
  byte[] hmac(byte[] key, byte[]... parts) {
    try {
      var m = Mac.getInstance(mac);
      m.init(new SecretKeySpec(key, mac));
      for (var part : parts) {
        m.update(part);
      }
      return m.doFinal();
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("empty HMAC key", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(mac + " is missing from this JVM", e);
    }
  }

  /** Length of the full HMAC (20 for SHA-1, 32 for SHA-256): RAKP 2 and 3 carry it untruncated. */
  int hmacLength() {
    return "HmacSHA1".equals(mac) ? 20 : 32;
  }
}
