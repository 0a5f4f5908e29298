package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.agent.bmc.BmcException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Key derivation, integrity and encryption against vectors computed independently with openssl, e.g. the SIK with
 * {@code xxd -r -p <<< "$RM$RC""1405""61646d696e" | openssl dgst -sha1 -mac HMAC -macopt hexkey:$KUID}.
 */
class SessionKeysTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] CONSOLE_RANDOM = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
  private static final byte[] BMC_RANDOM = HEX.parseHex("101112131415161718191a1b1c1d1e1f");
  /** Name-only lookup, Administrator. */
  private static final int ROLE = 0x14;
  private static final byte[] ADMIN = "admin".getBytes(StandardCharsets.ISO_8859_1);
  /** From the auth type byte to the next header byte of a made-up signed packet. */
  private static final byte[] SIGNED = HEX.parseHex(
      "06c0a1b2c3d401000000100000000102030405060708090a0b0c0d0e0fffff0207");

  private static SessionKeys keys(CipherSuite suite) throws BmcException {
    return SessionKeys.derive(suite, SessionKeys.kuid("password"), CONSOLE_RANDOM, BMC_RANDOM, ROLE, ADMIN);
  }

  @Test
  void sikIsTheHmacOfBothRandomsRoleAndUserUnderThePassword() throws Exception {
    assertThat(HEX.formatHex(keys(CipherSuite.SUITE_3).sik())).isEqualTo("122c77c4b11ccd93251cbae6c34a9cb6310da154");
    assertThat(HEX.formatHex(keys(CipherSuite.SUITE_17).sik()))
        .isEqualTo("e5935f7199865ad961063477b0662684e2ce9b1da8f2b8d41c5ce127d37e9bcf");
  }

  @Test
  void authCodeIsTheTruncatedHmacUnderK1() throws Exception {
    // K1 = HMAC-SHA1(SIK, 20 x 01h) = e4472be78f9a81fa68297aab696a7be8c97fc9f8
    assertThat(HEX.formatHex(keys(CipherSuite.SUITE_3).authCode(SIGNED, 0, SIGNED.length)))
        .isEqualTo("01c0707676163dc9a6c1c180");
    assertThat(HEX.formatHex(keys(CipherSuite.SUITE_17).authCode(SIGNED, 0, SIGNED.length)))
        .isEqualTo("e48b851c110217ab0870366dee07d1a7");
    assertThat(keys(CipherSuite.SUITE_3).authCodeMatches(SIGNED, 0, SIGNED.length,
        HEX.parseHex("01c0707676163dc9a6c1c181"))).isFalse();
  }

  @Test
  void payloadIsPaddedOneTwoThreeAndEncryptedWithTheFirstHalfOfK2() throws Exception {
    // K2 = HMAC-SHA1(SIK, 20 x 02h) = 2b6552012a2517cb3b5713901d757a6efc7d8301; the 7-byte payload gets pad 01..08
    // and pad length 08: openssl enc -aes-128-cbc -K 2b6552012a2517cb3b5713901d757a6e -iv f0e0.. -nopad
    var iv = HEX.parseHex("f0e0d0c0b0a090807060504030201000");
    var payload = HEX.parseHex("2018c88104017a");
    var encrypted = keys(CipherSuite.SUITE_3).encrypt(payload, iv);

    assertThat(HEX.formatHex(encrypted)).isEqualTo(HEX.formatHex(iv) + "d956a2477664acdab745ea9bc6566c8e");
    assertThat(keys(CipherSuite.SUITE_3).decrypt(encrypted, 0, encrypted.length)).isEqualTo(payload);
  }

  @Test
  void payloadsOfAnyLengthSurviveTheRoundTripWithFreshIvs() throws Exception {
    var keys = keys(CipherSuite.SUITE_3);
    for (int length = 0; length <= 40; length++) {
      var payload = new byte[length];
      for (int i = 0; i < length; i++) {
        payload[i] = (byte) (i * 7);
      }
      var once = keys.encrypt(payload);
      assertThat(once.length % 16).isZero();
      assertThat(keys.decrypt(once, 0, once.length)).isEqualTo(payload);
      assertThat(keys.encrypt(payload)).isNotEqualTo(once);
    }
  }

  @Test
  void malformedCipherTextIsAProtocolFailure() throws Exception {
    var keys = keys(CipherSuite.SUITE_3);
    assertThatThrownBy(() -> keys.decrypt(new byte[24], 0, 24)).isInstanceOf(BmcException.class)
        .extracting(e -> ((BmcException) e).kind()).isEqualTo(BmcException.Kind.PROTOCOL);
  }

  @Test
  void passwordsLongerThanTwentyBytesAreRefusedWithoutShowingThem() {
    var secret = "s3cret-".repeat(4);
    assertThatThrownBy(() -> SessionKeys.kuid(secret)).isInstanceOf(BmcException.class)
        .hasMessageNotContaining(secret).hasMessageContaining("20 bytes");
  }
}
