package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** IPMI 2.0 (RMCP+) session settings for an `ipmi://` BmcHost. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IpmiOptions {

  /** IPMI session privilege level requested at login. */
  public enum PrivilegeLevel {
    /** Enough for power, boot and sensors on most BMCs. */
    Operator,
    /** Needed by some BMCs for boot options and SOL. */
    Administrator
  }

  @JsonPropertyDescription("RMCP+ cipher suite ID. Default 3 (HMAC-SHA1 authentication and integrity, AES-CBC-128 "
      + "encryption); 17 (HMAC-SHA256) where the BMC supports it. Suites without encryption are refused.")
  @Min(0)
  @Max(17)
  @Default("3")
  private Integer cipherSuite;

  @JsonPropertyDescription("Privilege level requested at login: Operator or Administrator (default).")
  @Default("Administrator")
  private PrivilegeLevel privilegeLevel;

  public Integer getCipherSuite() {
    return cipherSuite;
  }

  public void setCipherSuite(Integer cipherSuite) {
    this.cipherSuite = cipherSuite;
  }

  public PrivilegeLevel getPrivilegeLevel() {
    return privilegeLevel;
  }

  public void setPrivilegeLevel(PrivilegeLevel privilegeLevel) {
    this.privilegeLevel = privilegeLevel;
  }
}
