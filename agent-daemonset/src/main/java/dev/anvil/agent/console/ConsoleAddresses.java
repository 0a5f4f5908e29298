package dev.anvil.agent.console;

import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.agent.bmc.ConsoleSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Where a host's consoles are, from its settings: the SOL endpoint with its defaults, and the VNC address. */
final class ConsoleAddresses {

  static final int IPMI_PORT = 623;

  private ConsoleAddresses() {
  }

  /**
   * The IPMI endpoint of the host's Serial over LAN: {@code console_serial_address} when set, else an ipmi:// address
   * itself, else the host of a Redfish address at port 623; the host's credentials, cipher suite and privilege.
   */
  static BmcEndpoint sol(ConsoleSettings settings) throws ConsoleException {
    if (!settings.serialAddress().isEmpty()) {
      var uri = parse(settings.serialAddress(), "console serial address");
      if (!"ipmi".equals(scheme(uri)) || uri.getHost() == null) {
        throw new ConsoleException(CloseReason.UNSUPPORTED, "the console serial address "
            + ConsoleSettings.display(settings.serialAddress()) + " is not ipmi://host[:port]");
      }
      return settings.endpoint(uri);
    }
    var address = parse(settings.address(), "address");
    var scheme = scheme(address);
    if ("ipmi".equals(scheme)) {
      return settings.endpoint(address);
    }
    if (scheme.startsWith("redfish") && address.getHost() != null) {
      try {
        return settings.endpoint(new URI("ipmi", null, address.getHost(), IPMI_PORT, null, null, null));
      } catch (URISyntaxException e) {
        throw new ConsoleException(CloseReason.UNSUPPORTED, "no IPMI address for the host of "
            + ConsoleSettings.display(settings.address()) + ": " + e.getReason());
      }
    }
    throw new ConsoleException(CloseReason.UNSUPPORTED, "no serial console for the address "
        + ConsoleSettings.display(settings.address()));
  }

  /** The host's VNC address: vnc://, ws:// or wss://; NO_CONSOLE when it has none. */
  static URI vnc(ConsoleSettings settings) throws ConsoleException {
    if (settings.vncAddress().isEmpty()) {
      throw new ConsoleException(CloseReason.NO_CONSOLE, "BmcHost " + settings.host() + " has no VNC console address");
    }
    var uri = parse(settings.vncAddress(), "VNC address");
    var scheme = scheme(uri);
    if (!(scheme.equals("vnc") || scheme.equals("ws") || scheme.equals("wss")) || uri.getHost() == null) {
      throw new ConsoleException(CloseReason.UNSUPPORTED, "the VNC address "
          + ConsoleSettings.display(settings.vncAddress()) + " is not vnc://host[:port], ws://... or wss://...");
    }
    return uri;
  }

  private static URI parse(String address, String what) throws ConsoleException {
    try {
      return new URI(address);
    } catch (URISyntaxException e) {
      throw new ConsoleException(CloseReason.UNSUPPORTED, "the " + what + " is not a URI: " + e.getReason());
    }
  }

  private static String scheme(URI uri) {
    return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
  }
}
