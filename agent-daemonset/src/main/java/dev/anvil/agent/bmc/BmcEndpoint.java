package dev.anvil.agent.bmc;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where a BMC is and how to log in: the BmcHost's address ({@code redfish+https://...} or {@code ipmi://...}), the
 * credentials the hub resolved from the Secret, TLS and IPMI settings. {@link #toString()} never shows the password.
 *
 * @param address the BmcHost's {@code spec.address}
 * @param caBundlePem PEM certificates the BMC's certificate must chain to, or null for the JVM's trust store
 * @param insecureSkipVerify accept any certificate (the host opted out of verification)
 * @param cipherSuite RMCP+ cipher suite id for IPMI (3 by default)
 * @param administrator request the Administrator privilege level for IPMI (else Operator)
 * @param timeout how long one request may take before it is retried or fails as unreachable
 */
public record BmcEndpoint(URI address, String username, String password, String caBundlePem,
    boolean insecureSkipVerify, int cipherSuite, boolean administrator, Duration timeout) {

  public BmcEndpoint {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(timeout, "timeout");
  }

  /** Redfish or IPMI, from the address's scheme. */
  public BmcProtocol protocol() {
    return BmcProtocol.of(address);
  }

  @Override
  public String toString() {
    return "BmcEndpoint[" + address + ", user " + username + ", password ***]";
  }
}
