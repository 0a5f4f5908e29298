package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logged-in RMCP+ session to one BMC, reused for every command, with one request in flight at a time.
 */
final class IpmiSession implements AutoCloseable {

  /** A request sent with an rqSeq, whose answer may still arrive. */
  record Pending(IpmiRequest request, int rqSeq) {
  }

  /** The answer to one of the pending requests, with the session sequence number the BMC sent it under. */
  record Answer(Pending to, IpmiResponse response, long bmcSequence) {
  }

  private static final Logger log = LoggerFactory.getLogger(IpmiSession.class);
  private static final int PRIVILEGE_OPERATOR = 3;
  private static final int PRIVILEGE_ADMINISTRATOR = 4;
  /** Idle time after which a session is checked before a command that must not be repeated is sent on it. */
  private static final Duration VERIFY_AFTER_IDLE = Duration.ofSeconds(10);

  private final ReentrantLock lock = new ReentrantLock();
  private final UdpLink link;
  private final CipherSuite suite;
  private final String username;
  private final byte[] kuid;
  private final int privilege;
  private RakpHandshake.Session session;
  private InboundSequenceWindow inbound;
  private int outboundSequence;
  private int rqSeq;
  private volatile long lastAnswerNanos;
  private boolean closed;

  /** Logs in; AUTH_FAILED, UNSUPPORTED or UNREACHABLE when that fails. */
  IpmiSession(UdpLink link, CipherSuite suite, String username, String password, boolean administrator)
      throws BmcException {
    this.link = link;
    this.suite = suite;
    this.username = username;
    this.kuid = SessionKeys.kuid(password);
    this.privilege = administrator ? PRIVILEGE_ADMINISTRATOR : PRIVILEGE_OPERATOR;
    lock.lock();
    try {
      open();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends the request and returns the BMC's answer whatever its completion code. A lost datagram is retransmitted
   * with a new session sequence number but the same rqSeq, so a BMC can recognise the duplicate by it; a session
   * that stops answering is logged into again once, as BMCs silently drop idle or rebooted sessions.
   */
  IpmiResponse call(IpmiRequest request) throws BmcException {
    lock.lock();
    try {
      boolean fresh = openIfNeeded();
      var pending = new Pending(request, nextRqSeq());
      try {
        return exchange(pending, UdpLink.ATTEMPTS).response();
      } catch (BmcException e) {
        if (fresh || e.kind() != Kind.UNREACHABLE) {
          throw e;
        }
        log.info("IPMI session to {} stopped answering ({}); logging in again", link.describe(), e.getMessage());
        session = null;
        open();
        return exchange(pending, UdpLink.ATTEMPTS).response();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends a request that must not be carried out twice (a power cycle, a reset), never blindly retransmitting it, as
   * not every BMC recognises a duplicate rqSeq (ipmi_sim runs it again): see {@link AtMostOnceCall}. A session idle
   * for a while is checked first, so an expired one is re-opened before rather than discovered after.
   */
  IpmiResponse callAtMostOnce(IpmiRequest request) throws BmcException {
    lock.lock();
    try {
      if (!openIfNeeded() && System.nanoTime() - lastAnswerNanos > VERIFY_AFTER_IDLE.toNanos()) {
        call(DeviceId.REQUEST);
      }
      long started = System.nanoTime();
      try {
        return new AtMostOnceCall(this, request).run();
      } catch (BmcException e) {
        if (e.kind() == Kind.UNREACHABLE && lastAnswerNanos < started) {
          session = null;
        }
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Sends Get Device ID when nothing was exchanged for the given time, so the BMC does not expire the session. */
  void keepAlive(Duration idle) {
    if (System.nanoTime() - lastAnswerNanos < idle.toNanos() || !lock.tryLock()) {
      return;
    }
    try {
      if (!closed && session != null) {
        exchange(new Pending(DeviceId.REQUEST, nextRqSeq()), UdpLink.ATTEMPTS);
      }
    } catch (BmcException e) {
      log.debug("IPMI keep-alive to {} failed ({}); the next command logs in again", link.describe(), e.getMessage());
      session = null;
    } finally {
      lock.unlock();
    }
  }

  /** Closes the session on the BMC (best effort) and the socket. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (session != null) {
        var id = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(session.bmcSessionId()).array();
        exchange(new Pending(new IpmiRequest("Close Session", IpmiRequest.NETFN_APP, 0x3c, 0, id), nextRqSeq()), 1);
      }
    } catch (BmcException e) {
      log.debug("closing the IPMI session to {} failed: {}", link.describe(), e.getMessage());
    } finally {
      session = null;
      link.close();
      lock.unlock();
    }
  }

  /** The link to the BMC, for a payload that reads it itself while active (Serial over LAN). */
  UdpLink link() {
    return link;
  }

  /** The BMC's id of this session (what Get Payload Instance Info names as a payload's owner); opens if needed. */
  int bmcSessionId() throws BmcException {
    lock.lock();
    try {
      openIfNeeded();
      return session.bmcSessionId();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The datagram carrying a payload of the given type in this session, signed and encrypted, under the next session
   * sequence number; for a payload whose exchange is not one request and one answer (SOL).
   */
  byte[] seal(int payloadType, byte[] payload) throws BmcException {
    lock.lock();
    try {
      // never logs in again here: the caller's reader owns the socket, and a new session would not hold its payload
      if (closed || session == null) {
        throw new BmcException(Kind.UNREACHABLE, "the IPMI session to " + link.describe() + " has ended");
      }
      return new RmcpPacket(payloadType, session.bmcSessionId(), nextOutboundSequence(), payload)
          .encode(session.keys());
    } finally {
      lock.unlock();
    }
  }

  /**
   * A datagram from the BMC read in this session: the packet when it is signed with this session's keys, addressed to
   * it and not a replay; null otherwise. PROTOCOL when it is malformed or does not verify.
   */
  RmcpPacket unseal(byte[] datagram) throws BmcException {
    lock.lock();
    try {
      var current = session;
      if (current == null) {
        return null;
      }
      var packet = RmcpPacket.decode(datagram, datagram.length, current.keys());
      if (packet.sessionId() != current.consoleSessionId() || !inbound.accept(packet.sequence())) {
        return null;
      }
      lastAnswerNanos = System.nanoTime();
      return packet;
    } finally {
      lock.unlock();
    }
  }

  /** The next rqSeq, for a request sent with {@link #seal} rather than {@link #call}. */
  int reserveRqSeq() {
    lock.lock();
    try {
      return nextRqSeq();
    } finally {
      lock.unlock();
    }
  }

  /** The next rqSeq, 1-63 (callers hold the lock). */
  int nextRqSeq() {
    rqSeq = rqSeq % 63 + 1;
    return rqSeq;
  }

  /** The BMC's session sequence numbers as received (callers hold the lock). */
  InboundSequenceWindow inbound() {
    return inbound;
  }

  /**
   * Sends the first pending request up to attempts times (a new session sequence number each, the same rqSeq) and
   * returns the answer to whichever pending request arrives first (callers hold the lock).
   */
  Answer exchange(Pending send, int attempts, Pending... alsoAwaited) throws BmcException {
    var current = session;
    var message = IpmiMessage.encodeRequest(send.request(), send.rqSeq());
    var answer = link.exchange(send.request().name(), attempts, () -> new RmcpPacket(RmcpPacket.IPMI_MESSAGE,
        current.bmcSessionId(), nextOutboundSequence(), message).encode(current.keys()), datagram -> {
          var packet = RmcpPacket.decode(datagram, datagram.length, current.keys());
          if (packet.sessionId() != current.consoleSessionId() || packet.payloadType() != RmcpPacket.IPMI_MESSAGE
              || !inbound.accept(packet.sequence())) {
            return null;
          }
          int seq = IpmiMessage.responseSequence(packet.payload());
          for (var pending : concat(send, alsoAwaited)) {
            if (pending.rqSeq() == seq) {
              return new Answer(pending, IpmiMessage.decodeResponse(packet.payload(), pending.request()),
                  Integer.toUnsignedLong(packet.sequence()));
            }
          }
          return null;
        });
    lastAnswerNanos = System.nanoTime();
    return answer;
  }

  private boolean openIfNeeded() throws BmcException {
    if (closed) {
      throw new IllegalStateException("the IPMI session to " + link.describe() + " is closed");
    }
    if (session != null) {
      return false;
    }
    open();
    return true;
  }

  private void open() throws BmcException {
    session = new RakpHandshake(link, suite, username, kuid, privilege).run();
    inbound = new InboundSequenceWindow();
    outboundSequence = 0;
    try {
      var answer = exchange(new Pending(IpmiRequest.of("Set Session Privilege Level", IpmiRequest.NETFN_APP, 0x3b,
          privilege), nextRqSeq()), UdpLink.ATTEMPTS).response();
      // 80h/81h: the level is above the user's or channel's limit; a BMC may also grant less than asked
      boolean refused = answer.completionCode() == 0x80 || answer.completionCode() == 0x81;
      if (refused || (answer.require(1)[0] & 0x0f) < privilege) {
        throw new BmcException(Kind.AUTH_FAILED, "IPMI user '" + username + "' may not work at the "
            + (privilege == PRIVILEGE_ADMINISTRATOR ? "Administrator" : "Operator") + " privilege level");
      }
    } catch (BmcException e) {
      // however it failed (refused, busy, garbled, lost), a session left at the User level must not be kept: every
      // later command that needs more would be refused on it for good
      session = null;
      throw e;
    }
    log.debug("IPMI session to {} open as '{}' (cipher suite {}, BMC session 0x{})", link.describe(), username,
        suite.id(), Integer.toHexString(session.bmcSessionId()));
  }

  /** Session sequence numbers start at 1 after activation and skip 0 when they wrap. */
  private int nextOutboundSequence() {
    outboundSequence++;
    if (outboundSequence == 0) {
      outboundSequence = 1;
    }
    return outboundSequence;
  }

  private static Pending[] concat(Pending first, Pending[] rest) {
    var all = new Pending[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
