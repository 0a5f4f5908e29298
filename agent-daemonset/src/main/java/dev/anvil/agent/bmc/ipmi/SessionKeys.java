package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The keys of one RMCP+ session and the signing and encryption they serve (IPMI 2.0 sections 13.29-13.32). */
final class SessionKeys {

  private static final int AES_BLOCK = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final CipherSuite suite;
  private final byte[] sik;
  private final byte[] k1;
  private final SecretKeySpec aesKey;

  private SessionKeys(CipherSuite suite, byte[] sik) {
    this.suite = suite;
    this.sik = sik;
    this.k1 = suite.hmac(sik, constant(1));
    this.aesKey = new SecretKeySpec(Arrays.copyOf(suite.hmac(sik, constant(2)), AES_BLOCK), "AES");
  }

  /**
   * SIK = HMAC_Kg(Rm | Rc | RoleM | ULengthM | UNameM), with Kg = Kuid as this client logs in without a BMC key.
   *
   * @param role the requested maximum privilege byte exactly as sent in RAKP 1 (with its lookup bit)
   */
  static SessionKeys derive(CipherSuite suite, byte[] kuid, byte[] consoleRandom, byte[] bmcRandom, int role,
      byte[] username) {
    var roleAndLength = new byte[] {(byte) role, (byte) username.length};
    return new SessionKeys(suite, suite.hmac(kuid, consoleRandom, bmcRandom, roleAndLength, username));
  }

  /** The user key: the password as up to 20 bytes, zero padded (IPMI 2.0 passwords are at most 20 bytes). */
  static byte[] kuid(String password) throws BmcException {
    var bytes = password.getBytes(StandardCharsets.ISO_8859_1);
    if (bytes.length > 20) {
      throw new BmcException(Kind.AUTH_FAILED, "the IPMI password is longer than the 20 bytes IPMI 2.0 can carry");
    }
    return Arrays.copyOf(bytes, 20);
  }

  CipherSuite suite() {
    return suite;
  }

  byte[] sik() {
    return sik.clone();
  }

  /** The AuthCode of a packet: HMAC_K1 over the given bytes, truncated to the suite's integrity length. */
  byte[] authCode(byte[] data, int offset, int length) {
    return Arrays.copyOf(suite.hmac(k1, Arrays.copyOfRange(data, offset, offset + length)), suite.integrityLength());
  }

  /** Whether the AuthCode matches, compared in constant time. */
  boolean authCodeMatches(byte[] data, int offset, int length, byte[] received) {
    return MessageDigest.isEqual(authCode(data, offset, length), received);
  }

  /** IV | AES-CBC(payload | 1, 2, .. n | n) with a fresh random IV (IPMI 2.0 section 13.29). */
  byte[] encrypt(byte[] payload) {
    var iv = new byte[AES_BLOCK];
    RANDOM.nextBytes(iv);
    return encrypt(payload, iv);
  }

  /** As {@link #encrypt(byte[])} with a given IV, so tests can check known vectors. */
  byte[] encrypt(byte[] payload, byte[] iv) {
    int pad = (AES_BLOCK - (payload.length + 1) % AES_BLOCK) % AES_BLOCK;
    var plain = Arrays.copyOf(payload, payload.length + pad + 1);
    for (int i = 1; i <= pad; i++) {
      plain[payload.length + i - 1] = (byte) i;
    }
    plain[plain.length - 1] = (byte) pad;
    var out = Arrays.copyOf(iv, AES_BLOCK + plain.length);
    var cipherText = aes(Cipher.ENCRYPT_MODE, iv, plain, 0, plain.length);
    System.arraycopy(cipherText, 0, out, AES_BLOCK, cipherText.length);
    return out;
  }

  /** The payload of an encrypted field (IV followed by cipher text), checking the confidentiality trailer. */
  byte[] decrypt(byte[] field, int offset, int length) throws BmcException {
    if (length < 2 * AES_BLOCK || length % AES_BLOCK != 0) {
      throw new BmcException(Kind.PROTOCOL, "IPMI encrypted payload of " + length + " bytes is not whole AES blocks");
    }
    var iv = Arrays.copyOfRange(field, offset, offset + AES_BLOCK);
    var plain = aes(Cipher.DECRYPT_MODE, iv, field, offset + AES_BLOCK, length - AES_BLOCK);
    int pad = plain[plain.length - 1] & 0xff;
    if (pad >= AES_BLOCK || pad + 1 > plain.length) {
      throw new BmcException(Kind.PROTOCOL, "IPMI encrypted payload has an invalid pad length " + pad);
    }
    return Arrays.copyOf(plain, plain.length - pad - 1);
  }

  private byte[] aes(int mode, byte[] iv, byte[] data, int offset, int length) {
    try {
      var cipher = Cipher.getInstance("AES/CBC/NoPadding");
      cipher.init(mode, aesKey, new IvParameterSpec(iv));
      return cipher.doFinal(data, offset, length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CBC-128 failed", e);
    }
  }

  private static byte[] constant(int value) {
    var c = new byte[20];
    Arrays.fill(c, (byte) value);
    return c;
  }
}
