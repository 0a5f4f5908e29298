package dev.anvil.sim.vnc;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The server side of one RFB 3.8 connection (RFC 6143): the handshake with security type None, then client messages
 * until the client leaves, each FramebufferUpdateRequest answered with one Raw rectangle of the whole screen.
 */
final class RfbServerSession {

  static final String VERSION = "RFB 003.008\n";
  private static final int SECURITY_NONE = 1;
  private static final int BYTES_PER_PIXEL = 4;

  private final int connection;
  private final int width;
  private final int height;
  private final String name;
  private final Consumer<ClientMessage> received;
  private int updates;

  RfbServerSession(int connection, int width, int height, String name, Consumer<ClientMessage> received) {
    this.connection = connection;
    this.width = width;
    this.height = height;
    this.name = name;
    this.received = received;
  }

  /** Runs the connection until the client closes it; EOFException when it leaves half-way through a message. */
  void run(InputStream input, OutputStream output) throws IOException {
    var in = new DataInputStream(input);
    var out = new DataOutputStream(output);
    handshake(in, out);
    while (true) {
      int type = in.read();
      if (type < 0) {
        return;
      }
      var message = readMessage(type, in);
      received.accept(message);
      if (message.type() == ClientMessage.Type.FRAMEBUFFER_UPDATE_REQUEST) {
        sendUpdate(out);
      }
    }
  }

  private void handshake(DataInputStream in, DataOutputStream out) throws IOException {
    out.write(VERSION.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    var version = new byte[12];
    in.readFully(version);
    if (!new String(version, StandardCharsets.US_ASCII).startsWith("RFB 003.")) {
      throw new IOException("not an RFB client: " + new String(version, StandardCharsets.US_ASCII).strip());
    }
    out.writeByte(1);
    out.writeByte(SECURITY_NONE);
    out.flush();
    int chosen = in.readUnsignedByte();
    if (chosen != SECURITY_NONE) {
      out.writeInt(1);
      var reason = "only security type None (1) is offered".getBytes(StandardCharsets.US_ASCII);
      out.writeInt(reason.length);
      out.write(reason);
      out.flush();
      throw new IOException("the client chose security type " + chosen);
    }
    out.writeInt(0); // SecurityResult OK
    out.flush();
    in.readUnsignedByte(); // ClientInit: shared flag, all clients share this screen anyway
    out.writeShort(width);
    out.writeShort(height);
    out.write(pixelFormat());
    var title = name.getBytes(StandardCharsets.UTF_8);
    out.writeInt(title.length);
    out.write(title);
    out.flush();
  }

  /** 32 bits per pixel, depth 24, little-endian true colour, 8 bits per channel (red at 16, green 8, blue 0). */
  private static byte[] pixelFormat() {
    return ByteBuffer.allocate(16).put((byte) 32).put((byte) 24).put((byte) 0).put((byte) 1)
        .putShort((short) 255).putShort((short) 255).putShort((short) 255)
        .put((byte) 16).put((byte) 8).put((byte) 0).array();
  }

  private ClientMessage readMessage(int type, DataInputStream in) throws IOException {
    var kind = ClientMessage.Type.of(type);
    if (kind == null) {
      throw new IOException("unknown RFB client message type " + type);
    }
    var body = switch (kind) {
      case SET_PIXEL_FORMAT -> readN(in, 19);
      case SET_ENCODINGS -> {
        var head = readN(in, 3);
        int count = ((head[1] & 0xff) << 8) | (head[2] & 0xff);
        yield concat(head, readN(in, count * 4));
      }
      case FRAMEBUFFER_UPDATE_REQUEST -> readN(in, 9);
      case KEY_EVENT -> readN(in, 7);
      case POINTER_EVENT -> readN(in, 5);
      case CLIENT_CUT_TEXT -> {
        var head = readN(in, 7);
        int length = ByteBuffer.wrap(head).getInt(3);
        if (length < 0 || length > 1 << 20) {
          throw new IOException("ClientCutText of " + length + " bytes");
        }
        yield concat(head, readN(in, length));
      }
    };
    return new ClientMessage(connection, kind, concat(new byte[] {(byte) type}, body));
  }

  /** One FramebufferUpdate: a single Raw rectangle of the whole screen, its colour changing with every update. */
  private void sendUpdate(DataOutputStream out) throws IOException {
    updates++;
    out.writeByte(0);
    out.writeByte(0);
    out.writeShort(1);
    out.writeShort(0);
    out.writeShort(0);
    out.writeShort(width);
    out.writeShort(height);
    out.writeInt(0); // Raw
    var pixels = new byte[width * height * BYTES_PER_PIXEL];
    for (int i = 0; i < pixels.length; i += BYTES_PER_PIXEL) {
      pixels[i] = (byte) (i / BYTES_PER_PIXEL);
      pixels[i + 1] = (byte) updates;
      pixels[i + 2] = (byte) connection;
    }
    out.write(pixels);
    out.flush();
  }

  private static byte[] readN(DataInputStream in, int n) throws IOException {
    var bytes = new byte[n];
    try {
      in.readFully(bytes);
    } catch (EOFException e) {
      throw new EOFException("the client left in the middle of a message");
    }
    return bytes;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    var all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
