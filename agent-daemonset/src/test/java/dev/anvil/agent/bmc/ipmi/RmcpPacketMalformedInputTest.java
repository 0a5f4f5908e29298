package dev.anvil.agent.bmc.ipmi;

import static dev.anvil.agent.bmc.ipmi.MalformedBytes.assertEachDecodesOrFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RMCP+ datagrams that are cut, changed or junk, in clear and signed, decode or fail as PROTOCOL. */
class RmcpPacketMalformedInputTest {

  private static final Set<Kind> PROTOCOL = Set.of(Kind.PROTOCOL);
  private static final int GARBAGE = 3000;
  private static final SessionKeys KEYS = keys();
  private static final int CODE = KEYS.suite().integrityLength();

  private static SessionKeys keys() {
    try {
      return SessionKeys.derive(CipherSuite.SUITE_3, SessionKeys.kuid("password"), new byte[16], new byte[16], 0x14,
          "admin".getBytes(StandardCharsets.ISO_8859_1));
    } catch (BmcException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void setUpPacketsInClear() {
    var sample = new RmcpPacket(RmcpPacket.OPEN_SESSION_RESPONSE, 0, 0, new byte[36]).encode(null);

    assertEachDecodesOrFails(MalformedBytes.variants(sample, GARBAGE), PROTOCOL,
        datagram -> RmcpPacket.decode(datagram, datagram.length, null));
  }

  @Test
  void sessionPacketsThatFailTheirAuthCode() {
    var sample = new RmcpPacket(RmcpPacket.IPMI_MESSAGE, 7, 9, new byte[] {0x20, 0x18, (byte) 0xc8}).encode(KEYS);

    assertEachDecodesOrFails(MalformedBytes.variants(sample, GARBAGE), PROTOCOL,
        datagram -> RmcpPacket.decode(datagram, datagram.length, KEYS));
  }

  /**
   * Re-signed after the change, so that the integrity pad, next header, payload length and AES-CBC decryption see
   * the malformed bytes, as they would from a BMC with a broken encoder.
   */
  @Test
  void sessionPacketsWithAValidAuthCodeAroundMalformedContent() {
    var sample = new RmcpPacket(RmcpPacket.IPMI_MESSAGE, 7, 9, new byte[] {0x20, 0x18, (byte) 0xc8}).encode(KEYS);
    var inputs = new ArrayList<byte[]>();
    for (var cut : MalformedBytes.truncations(sample)) {
      if (cut.length > 4 + CODE) {
        inputs.add(signed(cut));
      }
    }
    for (var mutated : MalformedBytes.mutations(Arrays.copyOf(sample, sample.length - CODE))) {
      inputs.add(signed(Arrays.copyOf(mutated, sample.length)));
    }

    int decoded = 0;
    for (var datagram : inputs) {
      if (MalformedBytes.assertDecodesOrFails(datagram, PROTOCOL, d -> RmcpPacket.decode(d, d.length, KEYS)) != null) {
        decoded++;
      }
    }
    assertThat(decoded).as("changes to the session id or sequence number still decode").isPositive();
  }

  @Test
  void encryptedPayloadsOfAnyLengthAndPaddingWithAValidAuthCode() {
    var random = new Random(MalformedBytes.SEED);
    var inputs = new ArrayList<byte[]>();
    for (int i = 0; i < GARBAGE; i++) {
      var body = new byte[random.nextBoolean() ? 16 * random.nextInt(6) : random.nextInt(96)];
      random.nextBytes(body);
      inputs.add(packetAround(body));
    }

    assertEachDecodesOrFails(inputs, PROTOCOL, datagram -> RmcpPacket.decode(datagram, datagram.length, KEYS));
  }

  @Test
  void payloadLengthsBeyondTheDatagram() {
    var sample = new RmcpPacket(RmcpPacket.IPMI_MESSAGE, 7, 9, new byte[] {1, 2, 3}).encode(KEYS);
    var inputs = new ArrayList<byte[]>();
    for (int length : List.of(0xffff, 0x8000, sample.length - 15, sample.length)) {
      var datagram = sample.clone();
      datagram[14] = (byte) length;
      datagram[15] = (byte) (length >> 8);
      inputs.add(datagram);
      inputs.add(signed(datagram));
    }

    assertEachDecodesOrFails(inputs, PROTOCOL, datagram -> RmcpPacket.decode(datagram, datagram.length, KEYS));
    assertEachDecodesOrFails(inputs, PROTOCOL, datagram -> RmcpPacket.decode(datagram, datagram.length, null));
  }

  /** The datagram with its last bytes replaced by the AuthCode over the rest. */
  private static byte[] signed(byte[] datagram) {
    var out = datagram.clone();
    int signedEnd = out.length - CODE;
    System.arraycopy(KEYS.authCode(out, 4, signedEnd - 4), 0, out, signedEnd, CODE);
    return out;
  }

  /** A signed and encrypted IPMI message packet whose encrypted field is the given bytes, padded and signed right. */
  private static byte[] packetAround(byte[] encrypted) {
    int pad = (4 - (12 + encrypted.length + 2) % 4) % 4;
    var out = new byte[16 + encrypted.length + pad + 2 + CODE];
    System.arraycopy(new byte[] {6, 0, (byte) 0xff, 7, 6, (byte) 0xc0, 7, 0, 0, 0, 9, 0, 0, 0}, 0, out, 0, 14);
    out[14] = (byte) encrypted.length;
    out[15] = (byte) (encrypted.length >> 8);
    System.arraycopy(encrypted, 0, out, 16, encrypted.length);
    Arrays.fill(out, 16 + encrypted.length, 16 + encrypted.length + pad, (byte) 0xff);
    out[16 + encrypted.length + pad] = (byte) pad;
    out[16 + encrypted.length + pad + 1] = 7;
    return signed(out);
  }
}
