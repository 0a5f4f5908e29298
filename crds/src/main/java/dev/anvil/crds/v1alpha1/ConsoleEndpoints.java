package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Where a BmcHost's serial console and VNC are, when not where the BMC address implies. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConsoleEndpoints {

  static final String HOST = "(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?";

  @JsonPropertyDescription("Serial console (IPMI Serial over LAN) as ipmi://host[:port], logged in with the host's "
      + "credentials. Unset: an ipmi:// address serves its own SOL, a Redfish address the SOL of the same host on "
      + "port 623 (the BMC's Manager lists IPMI among SerialConsole.ConnectTypesSupported).")
  @Pattern("^ipmi://" + HOST + "$")
  @Size(max = 512)
  private String serial;

  @JsonPropertyDescription("Graphical console: vnc://host[:port] (RFB over TCP, port 5900 by default), or "
      + "ws://host[:port]/path or wss://host[:port]/path for a BMC that serves VNC over a WebSocket (wss:// is "
      + "verified with spec.tls). Unset: the host has no VNC console.")
  @Pattern("^(vnc://" + HOST + "|wss?://" + HOST + "(/[^\\s]*)?)$")
  @Size(max = 512)
  private String vnc;

  public String getSerial() {
    return serial;
  }

  public void setSerial(String serial) {
    this.serial = serial;
  }

  public String getVnc() {
    return vnc;
  }

  public void setVnc(String vnc) {
    this.vnc = vnc;
  }
}
