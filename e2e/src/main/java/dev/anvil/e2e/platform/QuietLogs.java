package dev.anvil.e2e.platform;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Silences the mock server's java.util.logging line per request, which floods the console and slows the server. */
public final class QuietLogs {

  // java.util.logging keeps loggers weakly: hold them, or the level is lost with the next GC
  private static final Logger MOCK_SERVER = Logger.getLogger("io.fabric8.mockwebserver");

  private QuietLogs() {
  }

  /** Call before the first request to the mock server. */
  public static void apply() {
    MOCK_SERVER.setLevel(Level.WARNING);
  }
}
