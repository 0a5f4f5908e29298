package dev.anvil.sim.vnc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A tiny RFB client completes the handshake with the server, over TCP and over WebSocket, and is recorded. */
class VncTestServerTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void anRfbClientCompletesTheHandshakeGetsAFrameAndIsRecorded() throws Exception {
    try (var server = VncTestServer.start(); var socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(5_000);
      assertThat(server.address()).isEqualTo("vnc://127.0.0.1:" + server.port());

      session(new DataInputStream(socket.getInputStream()), new DataOutputStream(socket.getOutputStream()));

      await().atMost(WAIT).untilAsserted(() -> assertThat(server.received()).extracting(ClientMessage::type)
          .containsExactly(ClientMessage.Type.SET_ENCODINGS, ClientMessage.Type.KEY_EVENT,
              ClientMessage.Type.POINTER_EVENT, ClientMessage.Type.FRAMEBUFFER_UPDATE_REQUEST));
      var key = server.received(ClientMessage.Type.KEY_EVENT).get(0);
      assertThat(key.keysym()).isEqualTo('a');
      assertThat(key.keyDown()).isTrue();
      assertThat(key.connection()).isEqualTo(1);
      assertThat(server.connections()).isEqualTo(1);
    }
  }

  @Test
  void dropConnectionsEndsTheClientsConnection() throws Exception {
    try (var server = VncTestServer.start(); var socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(5_000);
      var in = new DataInputStream(socket.getInputStream());
      in.readFully(new byte[12]);
      await().atMost(WAIT).until(() -> server.openConnections() == 1);

      server.dropConnections();

      assertThat(readToEnd(in)).isEqualTo(-1);
      await().atMost(WAIT).until(() -> server.openConnections() == 0);
    }
  }

  @Test
  void aWebSocketClientAskingForTheBinarySubprotocolSpeaksRfbInBinaryFrames() throws Exception {
    try (var server = VncTestServer.startWebSocket()) {
      var frames = new LinkedBlockingQueue<byte[]>();
      var socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("binary")
          .buildAsync(URI.create(server.address()), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
              var bytes = new byte[data.remaining()];
              data.get(bytes);
              frames.add(bytes);
              webSocket.request(1);
              return CompletableFuture.completedFuture(null);
            }
          }).get(5, TimeUnit.SECONDS);
      assertThat(socket.getSubprotocol()).isEqualTo("binary");
      var in = new DataInputStream(new InputStream() {
        private byte[] current = new byte[0];
        private int position;

        @Override
        public int read() throws IOException {
          while (position == current.length) {
            try {
              current = frames.poll(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              throw new IOException(e);
            }
            if (current == null) {
              throw new IOException("no frame in 5 s");
            }
            position = 0;
          }
          return current[position++] & 0xff;
        }
      });
      var buffer = new ByteArrayOutputStream();
      var out = new DataOutputStream(buffer) {
        @Override
        public void flush() {
          socket.sendBinary(ByteBuffer.wrap(buffer.toByteArray()), true).join();
          buffer.reset();
        }
      };

      session(in, out);

      assertThat(server.webSocketProtocols()).containsExactly("binary");
      await().atMost(WAIT).until(() -> server.received(ClientMessage.Type.FRAMEBUFFER_UPDATE_REQUEST).size() == 1);
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }
  }

  /** The client side: handshake, a key, a pointer move, one update request, and the update's Raw rectangle. */
  private static void session(DataInputStream in, DataOutputStream out) throws IOException {
    var version = new byte[12];
    in.readFully(version);
    assertThat(new String(version, StandardCharsets.US_ASCII)).isEqualTo(VncTestServer.PROTOCOL_VERSION);
    out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    int types = in.readUnsignedByte();
    var offered = new byte[types];
    in.readFully(offered);
    assertThat(offered).containsExactly(1);
    out.writeByte(1);
    out.flush();
    assertThat(in.readInt()).as("SecurityResult").isZero();
    out.writeByte(1); // ClientInit, shared
    out.flush();
    assertThat(in.readUnsignedShort()).isEqualTo(VncTestServer.WIDTH);
    assertThat(in.readUnsignedShort()).isEqualTo(VncTestServer.HEIGHT);
    var format = new byte[16];
    in.readFully(format);
    assertThat(format[0]).as("bits per pixel").isEqualTo((byte) 32);
    var name = new byte[in.readInt()];
    in.readFully(name);
    assertThat(new String(name, StandardCharsets.UTF_8)).isEqualTo(VncTestServer.NAME);

    out.write(new byte[] {2, 0, 0, 1, 0, 0, 0, 0}); // SetEncodings: Raw
    out.write(new byte[] {4, 1, 0, 0, 0, 0, 0, 'a'}); // KeyEvent: 'a' down
    out.write(new byte[] {5, 0, 0, 10, 0, 20}); // PointerEvent at (10, 20)
    out.write(new byte[] {3, 0, 0, 0, 0, 0, 0, (byte) VncTestServer.WIDTH, 0, (byte) VncTestServer.HEIGHT});
    out.flush();

    assertThat(in.readUnsignedByte()).as("FramebufferUpdate").isZero();
    in.readUnsignedByte();
    assertThat(in.readUnsignedShort()).as("rectangles").isEqualTo(1);
    var rectangle = new byte[8];
    in.readFully(rectangle);
    assertThat(in.readInt()).as("Raw encoding").isZero();
    in.readFully(new byte[VncTestServer.WIDTH * VncTestServer.HEIGHT * 4]);
  }

  private static int readToEnd(InputStream in) throws IOException {
    try {
      int b;
      while ((b = in.read()) >= 0) {
        // the rest of the handshake
      }
      return b;
    } catch (java.net.SocketException e) {
      return -1; // reset counts as ended
    }
  }
}
