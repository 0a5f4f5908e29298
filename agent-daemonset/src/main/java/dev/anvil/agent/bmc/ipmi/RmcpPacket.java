package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One RMCP datagram carrying an RMCP+ session packet, in clear during set-up and signed and encrypted afterwards
 * (IPMI 2.0 chapter 13; multi-byte fields are little-endian).
 *
 * @param payloadType the payload type number without the encrypted/authenticated bits
 * @param sessionId the session id of the receiver of the packet
 * @param sequence the session sequence number (0 outside a session)
 * @param payload the payload in clear
 */
record RmcpPacket(int payloadType, int sessionId, int sequence, byte[] payload) {

  static final int IPMI_MESSAGE = 0x00;
  static final int SOL = 0x01;
  static final int OPEN_SESSION_REQUEST = 0x10;
  static final int OPEN_SESSION_RESPONSE = 0x11;
  static final int RAKP_1 = 0x12;
  static final int RAKP_2 = 0x13;
  static final int RAKP_3 = 0x14;
  static final int RAKP_4 = 0x15;

  private static final byte[] RMCP_HEADER = {0x06, 0x00, (byte) 0xff, 0x07};
  private static final int AUTH_TYPE_RMCP_PLUS = 0x06;
  private static final int ENCRYPTED = 0x80;
  private static final int AUTHENTICATED = 0x40;
  private static final int NEXT_HEADER = 0x07;
  /** Offset of the auth type byte, where the signed part of a packet starts. */
  private static final int SIGNED_FROM = 4;
  private static final int HEADER_LENGTH = 16;

  /** The datagram: signed and encrypted with the keys, or in clear when keys is null (session set-up). */
  byte[] encode(SessionKeys keys) {
    var body = keys == null ? payload : keys.encrypt(payload);
    int unpadded = HEADER_LENGTH - SIGNED_FROM + body.length + 2;
    int pad = keys == null ? 0 : (4 - unpadded % 4) % 4;
    int trailer = keys == null ? 0 : pad + 2 + keys.suite().integrityLength();
    var buf = ByteBuffer.allocate(HEADER_LENGTH + body.length + trailer).order(ByteOrder.LITTLE_ENDIAN);
    buf.put(RMCP_HEADER).put((byte) AUTH_TYPE_RMCP_PLUS)
        .put((byte) (payloadType | (keys == null ? 0 : ENCRYPTED | AUTHENTICATED)))
        .putInt(sessionId).putInt(sequence).putShort((short) body.length).put(body);
    if (keys != null) {
      for (int i = 0; i < pad; i++) {
        buf.put((byte) 0xff);
      }
      buf.put((byte) pad).put((byte) NEXT_HEADER);
      buf.put(keys.authCode(buf.array(), SIGNED_FROM, buf.position() - SIGNED_FROM));
    }
    return buf.array();
  }

  /** Whether a datagram claims to be signed (whatever else it is). */
  static boolean isSigned(byte[] datagram) {
    return datagram.length > 5 && (datagram[5] & AUTHENTICATED) != 0;
  }

  /**
   * Reads a datagram. With keys, only a signed and encrypted packet whose AuthCode verifies is accepted; without,
   * only a packet in clear. Anything else is a PROTOCOL failure naming what was wrong.
   */
  static RmcpPacket decode(byte[] datagram, int length, SessionKeys keys) throws BmcException {
    if (length < HEADER_LENGTH || datagram[0] != RMCP_HEADER[0] || (datagram[3] & 0x1f) != RMCP_HEADER[3]) {
      throw malformed("not an RMCP IPMI packet (" + length + " bytes)");
    }
    var buf = ByteBuffer.wrap(datagram, 0, length).order(ByteOrder.LITTLE_ENDIAN);
    int authType = buf.get(SIGNED_FROM) & 0x0f;
    if (authType != AUTH_TYPE_RMCP_PLUS) {
      throw malformed("an IPMI 1.5 packet (auth type " + authType + ") where IPMI 2.0 RMCP+ was expected");
    }
    int typeByte = buf.get(5) & 0xff;
    int sessionId = buf.getInt(6);
    int sequence = buf.getInt(10);
    int bodyLength = buf.getShort(14) & 0xffff;
    if (HEADER_LENGTH + bodyLength > length) {
      throw malformed("payload length " + bodyLength + " beyond the " + length + "-byte datagram");
    }
    boolean signed = (typeByte & AUTHENTICATED) != 0;
    boolean encrypted = (typeByte & ENCRYPTED) != 0;
    if (keys == null) {
      if (signed || encrypted) {
        throw malformed("a signed or encrypted packet before the session keys exist");
      }
      return new RmcpPacket(typeByte & 0x3f, sessionId, sequence,
          Arrays.copyOfRange(datagram, HEADER_LENGTH, HEADER_LENGTH + bodyLength));
    }
    if (!signed || !encrypted) {
      throw malformed("an unsigned or unencrypted packet inside a signed and encrypted session");
    }
    verifyTrailer(datagram, HEADER_LENGTH + bodyLength, length, keys);
    return new RmcpPacket(typeByte & 0x3f, sessionId, sequence, keys.decrypt(datagram, HEADER_LENGTH, bodyLength));
  }

  private static void verifyTrailer(byte[] datagram, int trailerStart, int length, SessionKeys keys)
      throws BmcException {
    int codeLength = keys.suite().integrityLength();
    int nextHeaderAt = length - codeLength - 1;
    if (nextHeaderAt < trailerStart + 1 || (datagram[nextHeaderAt] & 0xff) != NEXT_HEADER) {
      throw malformed("a packet without a valid integrity trailer");
    }
    int pad = datagram[nextHeaderAt - 1] & 0xff;
    if (trailerStart + pad != nextHeaderAt - 1) {
      throw malformed("an integrity pad length that does not match the packet");
    }
    var received = Arrays.copyOfRange(datagram, length - codeLength, length);
    if (!keys.authCodeMatches(datagram, SIGNED_FROM, nextHeaderAt + 1 - SIGNED_FROM, received)) {
      throw malformed("a packet whose integrity AuthCode does not verify");
    }
  }

  private static BmcException malformed(String what) {
    return new BmcException(Kind.PROTOCOL, "the BMC sent " + what);
  }
}
