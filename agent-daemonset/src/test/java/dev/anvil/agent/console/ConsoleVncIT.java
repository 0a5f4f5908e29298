package dev.anvil.agent.console;

import static dev.anvil.agent.console.ConsoleServiceTest.close;
import static dev.anvil.agent.console.ConsoleServiceTest.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.anvil.agent.bmc.ConsoleSettings;
import dev.anvil.protocol.agent.v1.ConsoleData;
import dev.anvil.protocol.agent.v1.ConsoleEvent;
import dev.anvil.protocol.agent.v1.ConsoleKind;
import dev.anvil.protocol.agent.v1.ConsoleRequest;
import dev.anvil.sim.vnc.ClientMessage;
import dev.anvil.sim.vnc.VncTestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** VNC through the relay against a real RFB server (VncTestServer), over TCP and over WebSocket. */
class ConsoleVncIT {

  private static final String HOST = "uid-vnc";
  private static final Duration WAIT = RecordingLink.WAIT;
  private static final int FRAME_BYTES = 4 + 12 + VncTestServer.WIDTH * VncTestServer.HEIGHT * 4;
  private static final int SERVER_INIT_BYTES = 2 + 2 + 16 + 4 + VncTestServer.NAME.length();
  private static final byte[] KEY_A = {4, 1, 0, 0, 0, 0, 0, 'a'};
  private static final byte[] UPDATE_REQUEST = {3, 0, 0, 0, 0, 0, 0, (byte) VncTestServer.WIDTH, 0,
      (byte) VncTestServer.HEIGHT};

  private final Map<String, ConsoleSettings> served = new ConcurrentHashMap<>();
  private final RecordingLink link = new RecordingLink();
  private ConsoleService service;
  private VncTestServer server;

  @BeforeEach
  void start() {
    service = new ConsoleService(uid -> Optional.ofNullable(served.get(uid)), new FakeSerialLines());
    service.attach(link);
  }

  @AfterEach
  void stop() {
    service.close();
    if (server != null) {
      server.close();
    }
  }

  private void serve(String vncAddress) {
    serve(vncAddress, null, false);
  }

  private void serve(String vncAddress, String caBundlePem, boolean insecureSkipVerify) {
    served.put(HOST, new ConsoleSettings(HOST, "lab/vnc-host", "ipmi://127.0.0.1", "", vncAddress, "root",
        "pw-Vnc-Secret", caBundlePem, insecureSkipVerify, 3, true));
  }

  private VncTestServer server(boolean webSocket) {
    server = webSocket ? VncTestServer.startWebSocket() : VncTestServer.start();
    serve(server.address());
    return server;
  }

  /** The viewer's side of the relay: sends input frames numbered from 1, reads the relayed output. */
  private final class Viewer {
    private final String stream;
    private long seq;
    private int read;

    Viewer(String stream) {
      this.stream = stream;
      service.request(open(stream, HOST, ConsoleKind.VNC, "alice", true, false));
    }

    void send(byte[]... messages) {
      for (var message : messages) {
        service.request(ConsoleRequest.newBuilder().setStreamId(stream)
            .setInput(ConsoleData.newBuilder().setSeq(++seq).setData(ByteString.copyFrom(message))).build());
      }
    }

    byte[] read(int n) {
      await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> bytes().length >= read + n);
      var all = bytes();
      read += n;
      return Arrays.copyOfRange(all, read - n, read);
    }

    byte[] bytes() {
      return link.output(stream).getBytes(StandardCharsets.ISO_8859_1);
    }
  }

  /** The RFB 3.8 handshake as a viewer does it, through the relay. */
  private static void handshake(Viewer viewer) {
    assertThat(new String(viewer.read(12), StandardCharsets.US_ASCII)).isEqualTo(VncTestServer.PROTOCOL_VERSION);
    viewer.send("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(viewer.read(2)).containsExactly(1, 1);
    viewer.send(new byte[] {1});
    assertThat(ByteBuffer.wrap(viewer.read(4)).getInt()).as("SecurityResult").isZero();
    viewer.send(new byte[] {1});
    var init = ByteBuffer.wrap(viewer.read(SERVER_INIT_BYTES));
    assertThat(init.getShort(0)).isEqualTo((short) VncTestServer.WIDTH);
    assertThat(init.getShort(2)).isEqualTo((short) VncTestServer.HEIGHT);
    assertThat(new String(init.array(), 24, VncTestServer.NAME.length(), StandardCharsets.UTF_8))
        .isEqualTo(VncTestServer.NAME);
  }

  @ParameterizedTest(name = "over WebSocket: {0}")
  @ValueSource(booleans = {false, true})
  void anRfbSessionRunsThroughTheRelayWithBytesUnchangedBothWays(boolean webSocket) {
    var vnc = server(webSocket);
    var viewer = new Viewer("v1");
    assertThat(link.awaitOpened("v1").getOpened().getWriter()).isTrue();

    handshake(viewer);
    viewer.send(KEY_A, UPDATE_REQUEST);
    var update = viewer.read(FRAME_BYTES);

    assertThat(update[0]).as("FramebufferUpdate").isZero();
    assertThat(update[FRAME_BYTES - 2]).as("the update's pixels, as the server made them").isEqualTo((byte) 1);
    await().atMost(WAIT).until(() -> vnc.received(ClientMessage.Type.FRAMEBUFFER_UPDATE_REQUEST).size() == 1);
    assertThat(vnc.received(ClientMessage.Type.KEY_EVENT)).singleElement()
        .satisfies(key -> assertThat(key.bytes()).containsExactly(KEY_A));
    assertThat(link.outputSeqs("v1")).containsExactlyElementsOf(
        LongStream.rangeClosed(1, link.outputSeqs("v1").size()).boxed().toList());
    if (webSocket) {
      assertThat(vnc.webSocketProtocols()).containsExactly("binary");
    }
  }

  @Test
  void wssIsVerifiedWithTheHostsCaBundle() {
    server = VncTestServer.startSecureWebSocket();
    serve(server.address(), server.caPem(), false);
    var viewer = new Viewer("wss-ca");

    assertThat(link.awaitOpened("wss-ca").getOpened().getMessage()).contains("wss://127.0.0.1:");
    handshake(viewer);
  }

  @Test
  void wssWhoseCertificateDoesNotVerifyIsTls() {
    server = VncTestServer.startSecureWebSocket();
    serve(server.address());

    service.request(open("wss-untrusted", HOST, ConsoleKind.VNC, "alice", true, false));

    assertThat(link.awaitClosed("wss-untrusted").getClosed().getReason()).isEqualTo("TLS");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void wssOfAHostThatOptedOutOfVerificationConnects() {
    server = VncTestServer.startSecureWebSocket();
    serve(server.address(), null, true);
    var viewer = new Viewer("wss-insecure");

    handshake(viewer);
  }

  @Test
  void eachStreamHasItsOwnConnectionAndTheViewerLeavingClosesIt() {
    var vnc = server(false);
    var first = new Viewer("v-a");
    var second = new Viewer("v-b");
    handshake(first);
    handshake(second);
    assertThat(vnc.connections()).isEqualTo(2);

    service.request(close("v-a"));

    await().atMost(WAIT).until(() -> vnc.openConnections() == 1);
    assertThat(link.of("v-a")).noneMatch(ConsoleEvent::hasClosed);
  }

  @Test
  void theBmcClosingTheConnectionEndsTheStream() {
    var vnc = server(false);
    var viewer = new Viewer("v2");
    handshake(viewer);

    vnc.dropConnections();

    var closed = link.awaitClosed("v2").getClosed();
    assertThat(closed.getReason()).isEqualTo("ENDED");
    await().atMost(WAIT).until(() -> service.openStreams() == 0);
  }

  @Test
  void aVncPortNobodyListensOnIsUnreachable() throws IOException {
    int port;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    serve("vnc://127.0.0.1:" + port);

    service.request(open("v3", HOST, ConsoleKind.VNC, "alice", true, false));

    var closed = link.awaitClosed("v3").getClosed();
    assertThat(closed.getReason()).isEqualTo("UNREACHABLE");
    assertThat(closed.getMessage()).contains("127.0.0.1:" + port);
  }

  @Test
  void aHubThatTakesNothingStopsTheRelayReadingAndLosesNoByteWhenItResumes() {
    var vnc = server(false);
    var viewer = new Viewer("v4");
    handshake(viewer);
    int updates = 60; // 60 x 12 KiB: more than the stream's outbox holds
    link.ready = false;
    var requests = new byte[updates][];
    Arrays.fill(requests, UPDATE_REQUEST);

    viewer.send(requests);

    await().atMost(WAIT).until(() -> vnc.received(ClientMessage.Type.FRAMEBUFFER_UPDATE_REQUEST).size() == updates);
    await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> link.sentWhileNotReady.get() == 0);
    link.ready = true;
    service.ready();

    var all = viewer.read(updates * FRAME_BYTES);
    for (int i = 0; i < updates; i++) {
      assertThat(all[i * FRAME_BYTES]).as("update %d starts where expected", i).isZero();
      assertThat(all[i * FRAME_BYTES + 16 + 1]).as("update %d is the server's number %d", i, i + 1)
          .isEqualTo((byte) (i + 1));
    }
    assertThat(link.outputSeqs("v4")).containsExactlyElementsOf(
        LongStream.rangeClosed(1, link.outputSeqs("v4").size()).boxed().toList());
  }
}
