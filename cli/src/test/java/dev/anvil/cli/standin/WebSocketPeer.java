package dev.anvil.cli.standin;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/** The server end of one WebSocket: writes unmasked frames, reads the client's masked ones into a queue. */
public final class WebSocketPeer {

  private final Request request;
  private final DataInputStream in;
  private final OutputStream out;
  private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
  private final List<Frame> history = new CopyOnWriteArrayList<>();
  private volatile boolean closeSent;

  WebSocketPeer(Request request, InputStream in, OutputStream out) {
    this.request = request;
    this.in = new DataInputStream(in);
    this.out = out;
  }

  /** The upgrade request (path, query, headers). */
  public Request request() {
    return request;
  }

  /** The data and close frames the client sent, for the route to take in order. */
  public BlockingQueue<Frame> received() {
    return received;
  }

  /** Every data and close frame the client sent, in order, whether the route took it or not. */
  public List<Frame> history() {
    return history;
  }

  public void sendBinary(byte[] bytes) throws IOException {
    send(Frame.BINARY, bytes);
  }

  public void sendText(String text) throws IOException {
    send(Frame.TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  public void sendClose(int code, String reason) throws IOException {
    var text = reason.getBytes(StandardCharsets.UTF_8);
    var payload = new byte[2 + text.length];
    payload[0] = (byte) (code >> 8);
    payload[1] = (byte) code;
    System.arraycopy(text, 0, payload, 2, text.length);
    closeSent = true;
    send(Frame.CLOSE, payload);
  }

  synchronized void send(int opcode, byte[] payload) throws IOException {
    out.write(0x80 | opcode);
    if (payload.length < 126) {
      out.write(payload.length);
    } else if (payload.length < 65536) {
      out.write(126);
      out.write(payload.length >> 8);
      out.write(payload.length);
    } else {
      out.write(127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) ((long) payload.length >> shift));
      }
    }
    out.write(payload);
    out.flush();
  }

  /** Reads frames until the client closes (answering its close) or the connection drops. */
  void readUntilClosed() {
    try {
      while (true) {
        var frame = read();
        if (frame.opcode() == Frame.PING) {
          send(Frame.PONG, frame.payload());
          continue;
        }
        history.add(frame);
        received.add(frame);
        if (frame.opcode() == Frame.CLOSE) {
          if (!closeSent) {
            sendClose(frame.closeCode(), "");
          }
          return;
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private Frame read() throws IOException {
    var first = in.readUnsignedByte();
    var second = in.readUnsignedByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    var mask = new byte[4];
    if ((second & 0x80) != 0) {
      in.readFully(mask);
    }
    var payload = new byte[(int) length];
    in.readFully(payload);
    for (int i = 0; i < payload.length; i++) {
      payload[i] ^= mask[i % 4];
    }
    // the client sends each message in one frame (fin set), so a frame is a message here
    return new Frame(first & 0x0f, payload);
  }
}
