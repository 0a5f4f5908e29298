package dev.anvil.cli.standin;

import java.nio.charset.StandardCharsets;

/** One WebSocket frame (RFC 6455) as the stand-in server reads or writes it, unmasked. */
public record Frame(int opcode, byte[] payload) {

  public static final int TEXT = 1;
  public static final int BINARY = 2;
  public static final int CLOSE = 8;
  public static final int PING = 9;
  public static final int PONG = 10;

  public String text() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  /** The status code of a close frame, or 1005 (none given). */
  public int closeCode() {
    return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
  }
}
