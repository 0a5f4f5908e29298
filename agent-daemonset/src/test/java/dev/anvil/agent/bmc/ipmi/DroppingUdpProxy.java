package dev.anvil.agent.bmc.ipmi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lossy network for tests: a UDP relay on 127.0.0.1 between one client and a BMC that drops every Nth request
 * and every Mth answer (0: none), so both a request and its answer can be lost.
 */
final class DroppingUdpProxy implements AutoCloseable {

  private final DatagramSocket front;
  private final DatagramSocket back;
  private final int dropEveryRequest;
  private final int dropEveryAnswer;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger answers = new AtomicInteger();
  private final AtomicInteger droppedAnswers = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();
  private volatile SocketAddress client;

  DroppingUdpProxy(int bmcPort, int dropEveryRequest, int dropEveryAnswer) {
    this.dropEveryRequest = dropEveryRequest;
    this.dropEveryAnswer = dropEveryAnswer;
    try {
      front = new DatagramSocket(0, InetAddress.getLoopbackAddress());
      back = new DatagramSocket(0, InetAddress.getLoopbackAddress());
      back.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), bmcPort));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    relay(front, true);
    relay(back, false);
  }

  int port() {
    return front.getLocalPort();
  }

  /** Datagrams dropped so far, both directions. */
  int dropped() {
    return dropped.get();
  }

  /** Requests from the client so far, relayed or not. */
  int requests() {
    return requests.get();
  }

  /** Answers from the BMC dropped so far. */
  int droppedAnswers() {
    return droppedAnswers.get();
  }

  @Override
  public void close() {
    front.close();
    back.close();
  }

  private boolean drops(boolean request) {
    int every = request ? dropEveryRequest : dropEveryAnswer;
    int count = (request ? requests : answers).incrementAndGet();
    if (every == 0 || count % every != 0) {
      return false;
    }
    if (!request) {
      droppedAnswers.incrementAndGet();
    }
    return true;
  }

  private void relay(DatagramSocket from, boolean towardsBmc) {
    var thread = new Thread(() -> {
      var buffer = new byte[2048];
      while (!from.isClosed()) {
        var packet = new DatagramPacket(buffer, buffer.length);
        try {
          from.receive(packet);
          if (towardsBmc) {
            client = packet.getSocketAddress();
          }
          if (drops(towardsBmc)) {
            dropped.incrementAndGet();
            continue;
          }
          if (towardsBmc) {
            back.send(new DatagramPacket(buffer, packet.getLength()));
          } else if (client != null) {
            front.send(new DatagramPacket(buffer, packet.getLength(), client));
          }
        } catch (IOException e) {
          // closed, or the BMC's port refused a datagram: a lossy network shrugs
        }
      }
    }, "udp-proxy-" + (towardsBmc ? "to-bmc" : "to-client"));
    thread.setDaemon(true);
    thread.start();
  }
}
