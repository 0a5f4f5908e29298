package dev.anvil.sim.vnc;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The server end of a WebSocket (RFC 6455) as a pair of byte streams, as websockify and BMCs with an RFB-over-WebSocket
 * endpoint offer it: the HTTP upgrade answered with subprotocol {@code binary}, every write one binary frame, reads
 * the payload of the client's binary frames in order. Pings are answered; a close frame ends the input.
 */
final class WebSocketServerStreams {

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final int OP_CONTINUATION = 0;
  private static final int OP_BINARY = 2;
  private static final int OP_CLOSE = 8;
  private static final int OP_PING = 9;
  private static final int OP_PONG = 10;

  private final DataInputStream in;
  private final OutputStream raw;
  private final String protocols;

  private WebSocketServerStreams(InputStream in, OutputStream raw, String protocols) {
    this.in = new DataInputStream(in);
    this.raw = raw;
    this.protocols = protocols;
  }

  /** Reads the client's upgrade request and answers it; IOException when it is not a WebSocket upgrade. */
  static WebSocketServerStreams accept(InputStream in, OutputStream out) throws IOException {
    var request = readHead(in);
    String key = null;
    var protocols = "";
    for (var line : request.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      var name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      var value = line.substring(colon + 1).trim();
      if (name.equals("sec-websocket-key")) {
        key = value;
      } else if (name.equals("sec-websocket-protocol")) {
        protocols = value;
      }
    }
    if (key == null) {
      out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      throw new IOException("not a WebSocket upgrade: " + request.lines().findFirst().orElse(""));
    }
    var answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + acceptValue(key) + "\r\n"
        + (protocols.contains("binary") ? "Sec-WebSocket-Protocol: binary\r\n" : "") + "\r\n";
    out.write(answer.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return new WebSocketServerStreams(in, out, protocols);
  }

  /** The Sec-WebSocket-Protocol header the client sent, empty when none. */
  String requestedProtocols() {
    return protocols;
  }

  InputStream input() {
    return new InputStream() {
      private byte[] payload = new byte[0];
      private int position;
      private boolean closed;

      @Override
      public int read() throws IOException {
        var one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        while (position == payload.length) {
          if (closed || !nextFrame()) {
            closed = true;
            return -1;
          }
        }
        int n = Math.min(length, payload.length - position);
        System.arraycopy(payload, position, buffer, offset, n);
        position += n;
        return n;
      }

      private boolean nextFrame() throws IOException {
        int first = in.read();
        if (first < 0) {
          return false;
        }
        int opcode = first & 0x0f;
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        if (length > 1 << 24) {
          throw new IOException("a WebSocket frame of " + length + " bytes");
        }
        var mask = new byte[4];
        if ((second & 0x80) != 0) {
          in.readFully(mask);
        }
        var data = new byte[(int) length];
        in.readFully(data);
        for (int i = 0; i < data.length; i++) {
          data[i] ^= mask[i & 3];
        }
        switch (opcode) {
          case OP_BINARY, OP_CONTINUATION -> {
            payload = data;
            position = 0;
          }
          case OP_CLOSE -> {
            frame(OP_CLOSE, new byte[0]);
            return false;
          }
          case OP_PING -> frame(OP_PONG, data);
          default -> {
            // text and pong frames carry no RFB
          }
        }
        return true;
      }
    };
  }

  OutputStream output() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        var data = new byte[length];
        System.arraycopy(bytes, offset, data, 0, length);
        frame(OP_BINARY, data);
      }
    };
  }

  /** Ends the connection from the server's side with a close frame. */
  void close() throws IOException {
    frame(OP_CLOSE, new byte[0]);
  }

  private void frame(int opcode, byte[] data) throws IOException {
    var frame = new ByteArrayOutputStream(data.length + 10);
    frame.write(0x80 | opcode);
    if (data.length < 126) {
      frame.write(data.length);
    } else if (data.length < 1 << 16) {
      frame.write(126);
      frame.write(data.length >>> 8);
      frame.write(data.length);
    } else {
      frame.write(127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) data.length >>> shift));
      }
    }
    frame.write(data);
    synchronized (raw) {
      raw.write(frame.toByteArray());
      raw.flush();
    }
  }

  private static String readHead(InputStream in) throws IOException {
    var head = new ByteArrayOutputStream();
    int matched = 0;
    var end = new int[] {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the client left during the WebSocket upgrade");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > 16384) {
        throw new IOException("a WebSocket upgrade request over 16 KiB");
      }
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private static String acceptValue(String key) {
    try {
      var sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-1", e);
    }
  }
}
