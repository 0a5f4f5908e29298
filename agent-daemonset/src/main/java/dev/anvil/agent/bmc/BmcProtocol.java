package dev.anvil.agent.bmc;

import java.net.URI;

/** The protocol a BmcHost address names. */
public enum BmcProtocol {
  Redfish,
  IPMI;

  /** From the scheme: {@code redfish}, {@code redfish+https}, {@code redfish+http} or {@code ipmi}. */
  public static BmcProtocol of(URI address) {
    var scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(java.util.Locale.ROOT);
    return switch (scheme) {
      case "redfish", "redfish+https", "redfish+http" -> Redfish;
      case "ipmi" -> IPMI;
      default -> throw new IllegalArgumentException("not a BMC address (redfish+https://, redfish+http://, "
          + "redfish:// or ipmi://): " + address.getScheme() + "://...");
    };
  }
}
