package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;

/** One UDP socket connected to one BMC, and the request/answer exchange with retransmission every step uses. */
final class UdpLink implements AutoCloseable {

  /** Sends of one datagram before an exchange fails as unreachable. */
  static final int ATTEMPTS = 4;
  private static final int MAX_DATAGRAM = 1024;

  /** Decides whether a received datagram answers the exchange. */
  interface Matcher<T> {
    /**
     * The answer, or null for a datagram that belongs to something else (a late answer to an earlier attempt);
     * PROTOCOL when the datagram is malformed, which is remembered and ignored in case a good answer follows.
     */
    T match(byte[] datagram) throws BmcException;
  }

  private final InetSocketAddress bmc;
  private final DatagramSocket socket;
  private final long attemptNanos;

  UdpLink(InetSocketAddress bmc, Duration timeout) throws BmcException {
    this.bmc = bmc;
    this.attemptNanos = Math.max(1, timeout.toNanos() / ATTEMPTS);
    if (bmc.isUnresolved()) {
      throw new BmcException(Kind.UNREACHABLE, "cannot resolve the BMC host " + bmc.getHostString());
    }
    try {
      socket = new DatagramSocket();
      socket.connect(bmc);
    } catch (IOException e) {
      throw new BmcException(Kind.UNREACHABLE, "cannot open a UDP socket to " + describe() + ": " + e.getMessage(), e);
    }
  }

  /** host:port of the BMC, for messages. */
  String describe() {
    return bmc.getHostString() + ":" + bmc.getPort();
  }

  /**
   * Sends the datagram the supplier builds (a fresh one per attempt, so each carries a new sequence number or tag)
   * up to {@value #ATTEMPTS} times, {@code timeout / ATTEMPTS} apart, so an exchange ends within the endpoint's
   * timeout, until the matcher accepts an answer; UNREACHABLE when none comes after every attempt, or the last
   * PROTOCOL failure when only malformed answers came. Callers keep one exchange in flight at a time.
   */
  <T> T exchange(String what, Supplier<byte[]> nextDatagram, Matcher<T> matcher) throws BmcException {
    return exchange(what, ATTEMPTS, nextDatagram, matcher);
  }

  /** As {@link #exchange(String, Supplier, Matcher)} with fewer attempts (1: no retransmission). */
  <T> T exchange(String what, int attempts, Supplier<byte[]> nextDatagram, Matcher<T> matcher) throws BmcException {
    BmcException malformed = null;
    boolean portUnreachable = false;
    var buffer = new byte[MAX_DATAGRAM];
    for (int attempt = 1; attempt <= attempts; attempt++) {
      send(nextDatagram.get());
      long deadline = System.nanoTime() + attemptNanos;
      for (long left = attemptNanos; left > 0; left = deadline - System.nanoTime()) {
        var packet = new DatagramPacket(buffer, buffer.length);
        try {
          socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
          socket.receive(packet);
        } catch (SocketTimeoutException e) {
          break;
        } catch (PortUnreachableException e) {
          portUnreachable = true;
          continue;
        } catch (IOException e) {
          throw new BmcException(Kind.UNREACHABLE, "receiving from " + describe() + " failed: " + e.getMessage(), e);
        }
        try {
          var answer = matcher.match(Arrays.copyOf(buffer, packet.getLength()));
          if (answer != null) {
            return answer;
          }
        } catch (BmcException e) {
          if (e.kind() != Kind.PROTOCOL) {
            throw e;
          }
          malformed = e;
        }
      }
    }
    if (malformed != null) {
      throw malformed;
    }
    throw new BmcException(Kind.UNREACHABLE, "no answer from the BMC at " + describe() + " to " + what + " after "
        + attempts + (attempts == 1 ? " attempt" : " attempts") + " in "
        + Duration.ofNanos(attemptNanos * attempts).toMillis() + " ms"
        + (portUnreachable ? " (ICMP port unreachable: nothing listens on that UDP port)" : ""));
  }

  /**
   * Waits up to the timeout for one datagram and returns it, or null when none came (or only an ICMP port
   * unreachable); for a reader that owns the socket while a payload is active (SOL), never beside an exchange.
   */
  byte[] receive(Duration timeout) throws BmcException {
    var buffer = new byte[MAX_DATAGRAM];
    var packet = new DatagramPacket(buffer, buffer.length);
    try {
      socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
      socket.receive(packet);
      return Arrays.copyOf(buffer, packet.getLength());
    } catch (SocketTimeoutException | PortUnreachableException e) {
      return null;
    } catch (IOException e) {
      throw new BmcException(Kind.UNREACHABLE, "receiving from " + describe() + " failed: " + e.getMessage(), e);
    }
  }

  /** The BMC's UDP port. */
  int port() {
    return bmc.getPort();
  }

  /** Sends one datagram without waiting for an answer (a closing or error message). */
  void send(byte[] datagram) throws BmcException {
    try {
      socket.send(new DatagramPacket(datagram, datagram.length));
    } catch (PortUnreachableException e) {
      // the BMC's port was closed when an earlier datagram arrived; the exchange's wait reports it
    } catch (IOException e) {
      throw new BmcException(Kind.UNREACHABLE, "sending to " + describe() + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
