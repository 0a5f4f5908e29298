package dev.anvil.cli.console;

/** The local terminal the console attaches to: whether standard input is one, and its raw mode. */
public interface Terminal {

  /** True when standard input is a terminal (keystrokes), false when it is a pipe or a file. */
  boolean interactive();

  /** Puts the terminal in raw mode (no echo, no line editing, no signals); closing the result restores it. */
  RawMode enterRaw();

  /** Raw mode while open; {@link #close()} restores the terminal as it was and may be called more than once. */
  interface RawMode extends AutoCloseable {

    @Override
    void close();
  }

  /** No terminal: standard input is piped, raw mode does nothing. */
  static Terminal none() {
    return new Terminal() {
      @Override
      public boolean interactive() {
        return false;
      }

      @Override
      public RawMode enterRaw() {
        return () -> {
        };
      }
    };
  }
}
