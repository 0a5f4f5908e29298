package dev.anvil.cli.console;

import java.util.Arrays;

/**
 * Finds the detach key in what the user types: the bytes before it go to the console, the key itself and anything
 * after it do not.
 */
public final class EscapeFilter {

  /** Ctrl-], as telnet and ipmitool's SOL use it. */
  public static final byte CTRL_RIGHT_BRACKET = 0x1d;
  /** Ctrl-C: a keystroke for the host when writing, a way out when only watching. */
  public static final byte CTRL_C = 0x03;

  private final byte[] escapes;

  public EscapeFilter(byte... escapes) {
    this.escapes = escapes.clone();
  }

  /** The first {@code length} bytes of {@code buffer}, up to the first escape key. */
  public Chunk filter(byte[] buffer, int length) {
    for (int i = 0; i < length; i++) {
      if (isEscape(buffer[i])) {
        return new Chunk(Arrays.copyOf(buffer, i), true);
      }
    }
    return new Chunk(Arrays.copyOf(buffer, length), false);
  }

  private boolean isEscape(byte b) {
    for (var escape : escapes) {
      if (escape == b) {
        return true;
      }
    }
    return false;
  }

  /**
   * @param forward the bytes to send to the console
   * @param escaped true when the user pressed an escape key: detach after sending {@code forward}
   */
  public record Chunk(byte[] forward, boolean escaped) {
  }
}
