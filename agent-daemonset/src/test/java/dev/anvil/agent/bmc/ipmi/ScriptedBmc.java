package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A BMC of a few lines of Java on a UDP port of 127.0.0.1, for tests that choose every byte a BMC answers: it logs
 * a client in with cipher suite 3 (any user, {@link #PASSWORD}), answers each command as the test's {@link Script}
 * says, and lets the test's {@link SetUp} and {@link Wire} garble, cut or drop what it sends.
 */
final class ScriptedBmc implements AutoCloseable {

  static final String PASSWORD = "password";
  /** How long the client's exchanges with this BMC may take when nothing goes wrong on a loaded machine. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);
  /** Completion code CBh alone: the BMC has no such record, sensor or data. */
  static final byte[] NOT_PRESENT = {(byte) CompletionCode.NOT_PRESENT};
  private static final CipherSuite SUITE = CipherSuite.SUITE_3;
  private static final int BMC_SESSION_ID = 0x0b0c0d0e;
  private static final byte[] GUID = "anvil-test-guid!".getBytes(StandardCharsets.ISO_8859_1);
  private static final int PRIVILEGE_USER = 2;
  private static final int PRIVILEGE_OPERATOR = 3;

  /** The completion code and data the BMC answers a command with, or null for no answer at all. */
  @FunctionalInterface
  interface Script {
    byte[] answer(int netFn, int command, byte[] data);
  }

  /** The body sent instead of a set-up answer's (Open Session response, RAKP 2, RAKP 4); null: nothing. */
  @FunctionalInterface
  interface SetUp {
    byte[] body(int payloadType, byte[] body);
  }

  /** The datagrams that reach the client instead of each one the BMC sends (none: lost). */
  @FunctionalInterface
  interface Wire {
    List<byte[]> carry(byte[] datagram);
  }

  private final DatagramSocket socket;
  private final AtomicInteger logins = new AtomicInteger();
  private final AtomicInteger commands = new AtomicInteger();
  private volatile Script script = (netFn, command, data) -> new byte[] {0};
  private volatile SetUp setUp = (type, body) -> body;
  private volatile Wire wire = List::of;
  private volatile byte[] privilegeRefusal;
  private volatile RuntimeException scriptFailure;
  private SocketAddress client;
  private int consoleSessionId;
  private byte[] consoleRandom;
  private byte[] bmcRandom;
  private int role;
  private byte[] username;
  private SessionKeys keys;
  private int privilege;
  private int sequence;
  private IpmiSession session;

  private ScriptedBmc() {
    try {
      socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var thread = new Thread(this::serve, "scripted-bmc-" + socket.getLocalPort());
    thread.setDaemon(true);
    thread.start();
  }

  static ScriptedBmc start() {
    return new ScriptedBmc();
  }

  /**
   * A script answering each command with the next piece of the junk, so that one byte string is one replayable case:
   * a byte whose low 7 bits say how many bytes follow and whose top bit makes the first of them the completion code
   * (else 00h), then those bytes; {@link #NOT_PRESENT} once the junk runs out.
   */
  static Script junk(byte[] junk) {
    var next = ByteBuffer.wrap(junk);
    return (netFn, command, data) -> {
      if (!next.hasRemaining()) {
        return NOT_PRESENT;
      }
      int head = next.get() & 0xff;
      var piece = new byte[Math.min(head & 0x7f, next.remaining())];
      next.get(piece);
      if ((head & 0x80) != 0 && piece.length > 0) {
        return piece;
      }
      var answer = new byte[1 + piece.length];
      System.arraycopy(piece, 0, answer, 1, piece.length);
      return answer;
    };
  }

  ScriptedBmc script(Script value) {
    script = value;
    return this;
  }

  ScriptedBmc setUp(SetUp value) {
    setUp = value;
    return this;
  }

  ScriptedBmc wire(Wire value) {
    wire = value;
    return this;
  }

  /** Answers Set Session Privilege Level with this completion code, keeping the User level, until set to null. */
  ScriptedBmc refusePrivilege(byte[] completionCode) {
    privilegeRefusal = completionCode;
    return this;
  }

  /** Every datagram reaches the client as sent. */
  ScriptedBmc wireIntact() {
    return wire(List::of);
  }

  /** Session set-up answers that completed a login (RAKP 4 sent), so far. */
  int logins() {
    return logins.get();
  }

  /** Commands the script was asked to answer, so far. */
  int commands() {
    return commands.get();
  }

  /** Forgets the session, as a rebooted BMC does: its packets are ignored until the client logs in again. */
  synchronized void forgetSession() {
    keys = null;
  }

  /** A UDP link to this BMC whose exchanges take at most the timeout. */
  UdpLink link(Duration timeout) throws BmcException {
    return new UdpLink(new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort()), timeout);
  }

  /** Logs in as an Operator. */
  IpmiSession login(Duration timeout) throws BmcException {
    return new IpmiSession(link(timeout), SUITE, "admin", PASSWORD, false);
  }

  /** A session logged in with {@link #TIMEOUT} on first use, then reused; closed with the BMC. */
  IpmiSession session() throws BmcException {
    if (session == null) {
      session = login(TIMEOUT);
    }
    return session;
  }

  /** Closes the session and the socket; fails when the test's script, set-up or wire threw. */
  @Override
  public void close() {
    if (session != null) {
      session.close();
    }
    socket.close();
    if (scriptFailure != null) {
      throw new AssertionError("the BMC's script failed", scriptFailure);
    }
  }

  private void serve() {
    var buffer = new byte[2048];
    while (!socket.isClosed()) {
      var packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
        answer(Arrays.copyOf(buffer, packet.getLength()), packet.getSocketAddress());
      } catch (IOException | BmcException e) {
        // closed, or a datagram this BMC does not understand: a real one ignores it too
      } catch (RuntimeException e) {
        scriptFailure = e;
      }
    }
  }

  private synchronized void answer(byte[] datagram, SocketAddress from) throws IOException, BmcException {
    client = from;
    if (RmcpPacket.isSigned(datagram)) {
      if (keys != null) {
        command(RmcpPacket.decode(datagram, datagram.length, keys).payload());
      }
      return;
    }
    var request = RmcpPacket.decode(datagram, datagram.length, null);
    var body = request.payload();
    var in = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
    var out = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).put(body[0]).put((byte) 0);
    switch (request.payloadType()) {
      case RmcpPacket.OPEN_SESSION_REQUEST -> {
        consoleSessionId = in.getInt(4);
        out.put(body[1]).put((byte) 0).putInt(consoleSessionId).putInt(BMC_SESSION_ID).put(body, 8, 24);
        setUp(RmcpPacket.OPEN_SESSION_RESPONSE, out);
      }
      case RmcpPacket.RAKP_1 -> {
        consoleRandom = Arrays.copyOfRange(body, 8, 24);
        bmcRandom = new byte[16];
        Arrays.fill(bmcRandom, body[0]);
        role = body[24] & 0xff;
        username = Arrays.copyOfRange(body, 28, 28 + body[27]);
        var code = SUITE.hmac(SessionKeys.kuid(PASSWORD), le32(consoleSessionId), le32(BMC_SESSION_ID),
            consoleRandom, bmcRandom, GUID, new byte[] {(byte) role, (byte) username.length}, username);
        out.put(new byte[2]).putInt(consoleSessionId).put(bmcRandom).put(GUID).put(code);
        setUp(RmcpPacket.RAKP_2, out);
      }
      case RmcpPacket.RAKP_3 -> {
        var sessionKeys = SessionKeys.derive(SUITE, SessionKeys.kuid(PASSWORD), consoleRandom, bmcRandom, role,
            username);
        var icv = Arrays.copyOf(SUITE.hmac(sessionKeys.sik(), consoleRandom, le32(BMC_SESSION_ID), GUID),
            SUITE.integrityLength());
        keys = sessionKeys;
        privilege = PRIVILEGE_USER;
        sequence = 0;
        out.put(new byte[2]).putInt(consoleSessionId).put(icv);
        logins.incrementAndGet();
        setUp(RmcpPacket.RAKP_4, out);
      }
      default -> {
        // not a set-up request this BMC answers
      }
    }
  }

  private void setUp(int payloadType, ByteBuffer out) throws IOException {
    var body = setUp.body(payloadType, Arrays.copyOf(out.array(), out.position()));
    if (body != null) {
      send(new RmcpPacket(payloadType, 0, 0, body).encode(null));
    }
  }

  /** Answers one IPMI request message: privilege changes and Close Session here, the rest from the script. */
  private void command(byte[] message) throws IOException {
    int netFn = (message[1] & 0xff) >> 2;
    int command = message[5] & 0xff;
    var data = Arrays.copyOfRange(message, 6, message.length - 1);
    byte[] answer;
    if (netFn == IpmiRequest.NETFN_APP && command == 0x3b && privilegeRefusal != null) {
      answer = privilegeRefusal;
    } else if (netFn == IpmiRequest.NETFN_APP && command == 0x3b) {
      privilege = data[0] & 0x0f;
      answer = new byte[] {0, (byte) privilege};
    } else if (netFn == IpmiRequest.NETFN_APP && command == 0x3c) {
      answer = new byte[] {0};
    } else if (netFn == IpmiRequest.NETFN_CHASSIS && command == 0x02 && privilege < PRIVILEGE_OPERATOR) {
      answer = new byte[] {(byte) 0xd4};
    } else {
      commands.incrementAndGet();
      answer = script.answer(netFn, command, data);
    }
    if (answer == null) {
      return;
    }
    var reply = new byte[7 + answer.length];
    reply[0] = (byte) IpmiMessage.CONSOLE_ADDRESS;
    reply[1] = (byte) ((netFn | 1) << 2);
    reply[2] = IpmiMessage.checksum(reply, 0, 2);
    reply[3] = (byte) IpmiMessage.BMC_ADDRESS;
    reply[4] = message[4];
    reply[5] = (byte) command;
    System.arraycopy(answer, 0, reply, 6, answer.length);
    reply[reply.length - 1] = IpmiMessage.checksum(reply, 3, reply.length - 4);
    sequence++;
    send(new RmcpPacket(RmcpPacket.IPMI_MESSAGE, consoleSessionId, sequence, reply).encode(keys));
  }

  private void send(byte[] datagram) throws IOException {
    for (var carried : wire.carry(datagram)) {
      socket.send(new DatagramPacket(carried, carried.length, client));
    }
  }

  private static byte[] le32(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
  }
}
