package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where a server's BMC is, how to log in, and the power and boot state it should have. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.ipmi) || self.address.startsWith('ipmi://')",
    message = "spec.ipmi applies to ipmi:// addresses only")
@ValidationRule(value = "!has(self.tls) || !(self.address.startsWith('ipmi://')"
    + " || self.address.startsWith('redfish+http://'))",
    message = "spec.tls applies to HTTPS addresses only (redfish:// or redfish+https://)")
public class BmcHostSpec extends TolerantSpec {

  /**
   * Accepted BMC addresses: {@code redfish://}, {@code redfish+https://} and {@code redfish+http://} with an optional
   * port and path, and {@code ipmi://} with an optional port; the host is a DNS name, IPv4 address or bracketed IPv6.
   */
  public static final String ADDRESS_PATTERN =
      "^(redfish(\\+https?)?://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?(/[^\\s]*)?"
          + "|ipmi://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?)$";

  /** Desired power state. */
  public enum Power {
    On,
    Off
  }

  @JsonPropertyDescription("BMC address as a URL. Redfish: redfish+https://host[:port]/path or redfish://host[:port]"
      + "/path (both HTTPS), or redfish+http://host[:port]/path (plain HTTP, labs only); the path names the "
      + "ComputerSystem, e.g. /redfish/v1/Systems/System.Embedded.1, and may be left out when the BMC has only one. "
      + "IPMI 2.0: ipmi://host[:port] (port 623 by default). Host: DNS name, IPv4, or IPv6 in brackets.")
  @Required
  @Pattern(ADDRESS_PATTERN)
  @Size(max = 512)
  private String address;

  @JsonPropertyDescription("Secret in the same namespace with the keys username and password. Read by the apiserver "
      + "hub when it sends a command, never copied to the bus, logs, events or status.")
  @Required
  private SecretRef credentialsSecretRef;

  @JsonPropertyDescription("Certificate verification for HTTPS Redfish addresses: a CA bundle, or insecureSkipVerify.")
  private BmcTls tls;

  @JsonPropertyDescription("Datacenter the BMC is in; only agents labelled anvil.dev/datacenter=<value> serve it.")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @Size(max = 63)
  private String datacenter;

  @JsonPropertyDescription("Desired power state, On or Off; the operator powers the server on (On) or off gracefully, "
      + "then forcibly after a grace period (Off) when it differs. Unset: only observe. Quote it in YAML "
      + "(power: \"On\"): unquoted On and Off are parsed as booleans by YAML 1.1 tools such as kubectl.")
  private Power power;

  @JsonPropertyDescription("Boot override to keep applied, e.g. {target: Pxe, enabled: Once, mode: UEFI}. A Once "
      + "override is applied once per change of this field, not again after the BMC cleared it.")
  private BootOverride bootOverride;

  @JsonPropertyDescription("How often the agent polls power state, health and sensors, as a duration. Default 30s; "
      + "shorter than 5s counts as 5s. Status is written only when something changed.")
  @Pattern(Durations.PATTERN)
  @Default("30s")
  private String pollInterval;

  @JsonPropertyDescription("IPMI session settings, for ipmi:// addresses.")
  private IpmiOptions ipmi;

  @JsonPropertyDescription("Serial console and VNC endpoints, reached through the agent serving the host (the "
      + "apiserver's bmchosts/console and bmchosts/vnc WebSockets).")
  private ConsoleEndpoints console;

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public SecretRef getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(SecretRef credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }

  public BmcTls getTls() {
    return tls;
  }

  public void setTls(BmcTls tls) {
    this.tls = tls;
  }

  public String getDatacenter() {
    return datacenter;
  }

  public void setDatacenter(String datacenter) {
    this.datacenter = datacenter;
  }

  public Power getPower() {
    return power;
  }

  public void setPower(Power power) {
    this.power = power;
  }

  public BootOverride getBootOverride() {
    return bootOverride;
  }

  public void setBootOverride(BootOverride bootOverride) {
    this.bootOverride = bootOverride;
  }

  public String getPollInterval() {
    return pollInterval;
  }

  public void setPollInterval(String pollInterval) {
    this.pollInterval = pollInterval;
  }

  public IpmiOptions getIpmi() {
    return ipmi;
  }

  public void setIpmi(IpmiOptions ipmi) {
    this.ipmi = ipmi;
  }

  public ConsoleEndpoints getConsole() {
    return console;
  }

  public void setConsole(ConsoleEndpoints console) {
    this.console = console;
  }

  /** Reads a BmcHostSpec tolerantly (see {@link TolerantSpecReader}). */
  public static final class Reader extends TolerantSpecReader<BmcHostSpec> {
    public Reader() {
      super(BmcHostSpec.class);
    }
  }
}
