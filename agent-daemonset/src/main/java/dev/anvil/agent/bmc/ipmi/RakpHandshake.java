package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Logs in: Open Session and RAKP 1-4 prove the password both ways without sending it and yield the session keys
 * (IPMI 2.0 chapter 13).
 */
final class RakpHandshake {

  /** RAKP 1 role bit: look the user up by name only, as ipmitool does by default. */
  private static final int NAME_ONLY_LOOKUP = 0x10;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** An activated session: ids both sides use and its keys. */
  record Session(int consoleSessionId, int bmcSessionId, SessionKeys keys) {
  }

  private final UdpLink link;
  private final CipherSuite suite;
  private final String username;
  private final byte[] usernameBytes;
  private final byte[] kuid;
  private final int privilege;
  private final int consoleSid = RANDOM.nextInt(Integer.MAX_VALUE - 1) + 1;
  private int tag;

  RakpHandshake(UdpLink link, CipherSuite suite, String username, byte[] kuid, int privilege) throws BmcException {
    this.link = link;
    this.suite = suite;
    this.username = username;
    this.usernameBytes = username.getBytes(StandardCharsets.ISO_8859_1);
    this.kuid = kuid;
    this.privilege = privilege;
    if (usernameBytes.length > 16) {
      throw new BmcException(Kind.AUTH_FAILED, "IPMI user names are at most 16 bytes; '" + username + "' is longer");
    }
  }

  /**
   * Runs the steps; AUTH_FAILED for an unknown user or a wrong password, UNSUPPORTED for a suite the BMC lacks. A BMC
   * that activated the session before its RAKP 4 was lost may answer a retransmitted RAKP 3 inside the session,
   * signed and encrypted (ipmi_sim does); that answer is read with the new keys, whose verifying AuthCode proves the
   * BMC holds them.
   */
  Session run() throws BmcException {
    int bmcSid = openSession();
    var consoleRandom = new byte[16];
    RANDOM.nextBytes(consoleRandom);
    int role = NAME_ONLY_LOOKUP | privilege;
    var rakp2 = step("RAKP message 1", RmcpPacket.RAKP_1, RmcpPacket.RAKP_2, 40 + suite.hmacLength(), null,
        () -> le().put((byte) tag).put(new byte[3]).putInt(bmcSid).put(consoleRandom)
            .put((byte) role).put(new byte[2]).put((byte) usernameBytes.length).put(usernameBytes));
    var bmcRandom = Arrays.copyOfRange(rakp2, 8, 24);
    var guid = Arrays.copyOfRange(rakp2, 24, 40);
    var expected = suite.hmac(kuid, le32(consoleSid), le32(bmcSid), consoleRandom, bmcRandom, guid,
        new byte[] {(byte) role, (byte) usernameBytes.length}, usernameBytes);
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(rakp2, 40, 40 + suite.hmacLength()))) {
      var refusal = le().put((byte) tag).put((byte) RakpStatus.INVALID_INTEGRITY_CHECK_VALUE).put(new byte[2])
          .putInt(bmcSid);
      link.send(new RmcpPacket(RmcpPacket.RAKP_3, 0, 0, Arrays.copyOf(refusal.array(), refusal.position()))
          .encode(null));
      throw new BmcException(Kind.AUTH_FAILED, "wrong password for IPMI user '" + username + "' (the BMC's RAKP 2 "
          + "key exchange code does not match)");
    }
    var keys = SessionKeys.derive(suite, kuid, consoleRandom, bmcRandom, role, usernameBytes);
    var rakp3Code = suite.hmac(kuid, bmcRandom, le32(consoleSid),
        new byte[] {(byte) role, (byte) usernameBytes.length}, usernameBytes);
    var rakp4 = step("RAKP message 3", RmcpPacket.RAKP_3, RmcpPacket.RAKP_4, 8 + suite.integrityLength(), keys,
        () -> le().put((byte) tag).put((byte) RakpStatus.OK).put(new byte[2]).putInt(bmcSid).put(rakp3Code));
    var icv = Arrays.copyOf(suite.hmac(keys.sik(), consoleRandom, le32(bmcSid), guid), suite.integrityLength());
    if (!MessageDigest.isEqual(icv, Arrays.copyOfRange(rakp4, 8, 8 + suite.integrityLength()))) {
      throw new BmcException(Kind.AUTH_FAILED, "the BMC's RAKP 4 integrity check value does not verify: it does not "
          + "hold the same session key");
    }
    return new Session(consoleSid, bmcSid, keys);
  }

  /** Proposes the suite; returns the BMC's session id. */
  private int openSession() throws BmcException {
    var answer = step("Open Session Request", RmcpPacket.OPEN_SESSION_REQUEST, RmcpPacket.OPEN_SESSION_RESPONSE, 36,
        null, () -> le().put((byte) tag).put((byte) privilege).put(new byte[2]).putInt(consoleSid)
            .put(algorithm(0, suite.authAlgorithm())).put(algorithm(1, suite.integrityAlgorithm()))
            .put(algorithm(2, suite.confidentialityAlgorithm())));
    var buf = ByteBuffer.wrap(answer).order(ByteOrder.LITTLE_ENDIAN);
    if ((answer[16] & 0x3f) != suite.authAlgorithm() || (answer[24] & 0x3f) != suite.integrityAlgorithm()
        || (answer[32] & 0x3f) != suite.confidentialityAlgorithm()) {
      throw new BmcException(Kind.UNSUPPORTED, "the BMC answered the proposal of cipher suite " + suite.id()
          + " with other algorithms");
    }
    return buf.getInt(8);
  }

  /**
   * Sends one set-up message and returns the answer of the expected type carrying the latest tag and this console's
   * session id (bytes 4-7 of every answer), failing on a non-zero status. Each retransmission gets a new tag and
   * only an answer with the latest is taken, so the keys follow the BMC's latest state. A signed answer is read with
   * sessionKeys, or refused while there are none.
   */
  private byte[] step(String what, int requestType, int answerType, int answerLength, SessionKeys sessionKeys,
      Supplier<ByteBuffer> request) throws BmcException {
    return link.exchange(what, () -> {
      tag = (tag + 1) & 0xff;
      var buf = request.get();
      return new RmcpPacket(requestType, 0, 0, Arrays.copyOf(buf.array(), buf.position())).encode(null);
    }, datagram -> {
      var packet = RmcpPacket.decode(datagram, datagram.length, RmcpPacket.isSigned(datagram) ? sessionKeys : null);
      var body = packet.payload();
      if (packet.payloadType() != answerType || body.length < 2 || (body[0] & 0xff) != tag) {
        return null;
      }
      if (body[1] != RakpStatus.OK) {
        throw RakpStatus.failure(what, body[1] & 0xff, username, suite.id());
      }
      if (body.length >= 8 && ByteBuffer.wrap(body, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() != consoleSid) {
        return null;
      }
      if (body.length < answerLength) {
        throw new BmcException(Kind.PROTOCOL, "the BMC answered " + what + " with " + body.length + " bytes");
      }
      return body;
    });
  }

  private static byte[] algorithm(int payloadType, int algorithm) {
    return new byte[] {(byte) payloadType, 0, 0, 0x08, (byte) algorithm, 0, 0, 0};
  }

  private static byte[] le32(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
  }

  private static ByteBuffer le() {
    return ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
  }
}
