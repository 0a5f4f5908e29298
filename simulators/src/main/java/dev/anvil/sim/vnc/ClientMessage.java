package dev.anvil.sim.vnc;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One RFB client-to-server message the {@link VncTestServer} received, with its bytes exactly as they arrived.
 *
 * @param connection which connection of the server sent it, from 1
 * @param type the message type
 * @param bytes the whole message, type byte included
 */
public record ClientMessage(int connection, Type type, byte[] bytes) {

  /** The RFB 3.8 client message types the server understands (RFC 6143 section 7.5). */
  public enum Type {
    SET_PIXEL_FORMAT(0),
    SET_ENCODINGS(2),
    FRAMEBUFFER_UPDATE_REQUEST(3),
    KEY_EVENT(4),
    POINTER_EVENT(5),
    CLIENT_CUT_TEXT(6);

    private final int code;

    Type(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    static Type of(int code) {
      for (var type : values()) {
        if (type.code == code) {
          return type;
        }
      }
      return null;
    }
  }

  public ClientMessage {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The keysym of a KEY_EVENT (e.g. 0x61 for 'a'); IllegalStateException for other types. */
  public int keysym() {
    requireType(Type.KEY_EVENT);
    return ByteBuffer.wrap(bytes).getInt(4);
  }

  /** Whether a KEY_EVENT presses (true) or releases the key. */
  public boolean keyDown() {
    requireType(Type.KEY_EVENT);
    return bytes[1] != 0;
  }

  private void requireType(Type expected) {
    if (type != expected) {
      throw new IllegalStateException("a " + type + " message, not a " + expected);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ClientMessage m && m.connection == connection && m.type == type
        && Arrays.equals(m.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * connection + type.hashCode()) + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "ClientMessage[" + connection + ", " + type + ", " + bytes.length + " bytes]";
  }
}
