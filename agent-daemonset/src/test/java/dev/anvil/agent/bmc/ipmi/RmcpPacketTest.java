package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RmcpPacketTest {

  private static final HexFormat HEX = HexFormat.of();

  private static SessionKeys keys(String password) throws BmcException {
    return SessionKeys.derive(CipherSuite.SUITE_3, SessionKeys.kuid(password), new byte[16], new byte[16], 0x14,
        "admin".getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void sessionSetUpPacketsGoInClearWithTheRmcpAndSessionHeaders() throws Exception {
    var packet = new RmcpPacket(RmcpPacket.OPEN_SESSION_REQUEST, 0, 0, HEX.parseHex("0104"));
    // RMCP 06 00 ff 07, auth type 06 (RMCP+), payload type 10h, session id 0, sequence 0, length 2, payload
    assertThat(HEX.formatHex(packet.encode(null))).isEqualTo("0600ff0706100000000000000000" + "0200" + "0104");
  }

  @Test
  void sessionPacketsAreEncryptedSignedAndPaddedToFourBytes() throws Exception {
    var keys = keys("password");
    var payload = HEX.parseHex("2018c88104017a");
    var datagram = new RmcpPacket(RmcpPacket.IPMI_MESSAGE, 0x11223344, 7, payload).encode(keys);

    assertThat(datagram[5] & 0xff).as("encrypted and authenticated bits").isEqualTo(0xc0);
    assertThat(HEX.formatHex(datagram, 6, 14)).isEqualTo("4433221107000000");
    int body = (datagram[14] & 0xff) | (datagram[15] & 0xff) << 8;
    assertThat(body).as("IV and one AES block").isEqualTo(32);
    int signedEnd = datagram.length - 12;
    assertThat((signedEnd - 4) % 4).as("auth type through next header is whole words").isZero();
    assertThat(datagram[signedEnd - 1]).as("next header").isEqualTo((byte) 0x07);
    var decoded = RmcpPacket.decode(datagram, datagram.length, keys);
    assertThat(decoded.payload()).isEqualTo(payload);
    assertThat(decoded.sessionId()).isEqualTo(0x11223344);
    assertThat(decoded.sequence()).isEqualTo(7);
  }

  @Test
  void aTamperedOrForeignPacketIsRefused() throws Exception {
    var keys = keys("password");
    var datagram = new RmcpPacket(RmcpPacket.IPMI_MESSAGE, 1, 1, new byte[] {1, 2, 3}).encode(keys);
    var tampered = datagram.clone();
    tampered[20] ^= 1;

    assertProtocol(() -> RmcpPacket.decode(tampered, tampered.length, keys), "does not verify");
    assertProtocol(() -> RmcpPacket.decode(datagram, datagram.length, keys("other")), "does not verify");
    assertProtocol(() -> RmcpPacket.decode(datagram, datagram.length, null), "before the session keys");
  }

  @Test
  void unsignedIpmi15AndTruncatedPacketsAreRefused() throws Exception {
    var keys = keys("password");
    var clear = new RmcpPacket(RmcpPacket.IPMI_MESSAGE, 1, 1, new byte[] {1}).encode(null);
    assertProtocol(() -> RmcpPacket.decode(clear, clear.length, keys), "unsigned");

    var ipmi15 = HEX.parseHex("0600ff07000000000000000000000000");
    assertProtocol(() -> RmcpPacket.decode(ipmi15, ipmi15.length, null), "IPMI 1.5");

    var signed = new RmcpPacket(RmcpPacket.IPMI_MESSAGE, 1, 1, new byte[] {1}).encode(keys);
    var cut = Arrays.copyOf(signed, 30);
    assertProtocol(() -> RmcpPacket.decode(cut, cut.length, keys), "beyond");
    assertProtocol(() -> RmcpPacket.decode(new byte[] {6, 0}, 2, null), "not an RMCP");
  }

  private static void assertProtocol(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String text) {
    assertThatThrownBy(call).isInstanceOf(BmcException.class).hasMessageContaining(text)
        .extracting(e -> ((BmcException) e).kind()).isEqualTo(Kind.PROTOCOL);
  }
}
