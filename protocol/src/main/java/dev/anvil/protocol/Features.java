package dev.anvil.protocol;

/**
 * Names an agent lists in {@code Hello.features}; the hub sends a command kind only to agents that list
 * its feature, so an older agent never silently ignores a command that matters.
 */
public final class Features {

  /** Executes {@code Command.run_attempt}. */
  public static final String RUN_ATTEMPT = "run-attempt";

  /** Executes {@code Command.cancel_attempt}. */
  public static final String CANCEL_ATTEMPT = "cancel-attempt";

  /** Serves BmcHosts: executes {@code serve_bmc_host}, {@code release_bmc_host} and {@code bmc_action}. */
  public static final String BMC = "bmc";

  /** Relays the serial consoles (IPMI SOL) of the BmcHosts it serves: {@code ConsoleOpen} of kind SERIAL. */
  public static final String CONSOLE_SERIAL = "console-serial";

  /** Relays the VNC endpoints of the BmcHosts it serves: {@code ConsoleOpen} of kind VNC. */
  public static final String CONSOLE_VNC = "console-vnc";

  private Features() {
  }
}
