package dev.anvil.agent.bmc;

import java.net.URI;

/**
 * What the console relay needs of a served host, from its ServeBmcHost: the addresses, the credentials (in memory
 * only; {@link #toString()} never shows the password) and the TLS and IPMI settings the host's BMC client uses too.
 *
 * @param host {@code <namespace>/<name>} of the BmcHost, for logs and messages
 * @param address the BmcHost's {@code spec.address}
 * @param serialAddress {@code console_serial_address}, empty when unset
 * @param vncAddress {@code console_vnc_address}, empty when the host has no VNC
 */
public record ConsoleSettings(String hostUid, String host, String address, String serialAddress, String vncAddress,
    String username, String password, String caBundlePem, boolean insecureSkipVerify, int cipherSuite,
    boolean administrator) {

  /** An endpoint at {@code at} logging in and verifying TLS as the host's BMC client does. */
  public BmcEndpoint endpoint(URI at) {
    return new BmcEndpoint(at, username, password, caBundlePem, insecureSkipVerify, cipherSuite, administrator,
        HostSettings.REQUEST_TIMEOUT);
  }

  /** An address without any user info, for logs and messages. */
  public static String display(String address) {
    return address.replaceFirst("//[^/@]*@", "//");
  }

  @Override
  public String toString() {
    return "ConsoleSettings[" + host + " (" + hostUid + "), serial "
        + (serialAddress.isEmpty() ? "-" : display(serialAddress)) + ", vnc "
        + (vncAddress.isEmpty() ? "-" : display(vncAddress)) + ", user " + username + ", password ***]";
  }
}
