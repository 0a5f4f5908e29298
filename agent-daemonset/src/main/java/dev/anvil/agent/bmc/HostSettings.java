package dev.anvil.agent.bmc;

import dev.anvil.protocol.agent.v1.ServeBmcHost;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * How to serve one BmcHost, from its ServeBmcHost: the credentials live here, in memory only, and
 * {@link #toString()} never shows them.
 *
 * @param host {@code <namespace>/<name>} of the BmcHost, for logs
 * @param pollInterval how often to poll: {@value #MIN_POLL_SECONDS} s at least, {@value #DEFAULT_POLL_SECONDS} s
 *     when the command leaves it unset
 */
record HostSettings(String hostUid, String host, String configVersion, String address, String username,
    String password, String caBundlePem, boolean insecureSkipVerify, int cipherSuite, boolean administrator,
    Duration pollInterval, String consoleSerialAddress, String consoleVncAddress) {

  static final int MIN_POLL_SECONDS = 5;
  static final int DEFAULT_POLL_SECONDS = 30;
  /** How long one BMC request may take. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final int DEFAULT_CIPHER_SUITE = 3;

  static HostSettings of(ServeBmcHost serve) {
    var interval = Duration.ofSeconds(serve.getPollInterval().getSeconds(), serve.getPollInterval().getNanos());
    if (!serve.hasPollInterval() || interval.isZero()) {
      interval = Duration.ofSeconds(DEFAULT_POLL_SECONDS);
    } else if (interval.compareTo(Duration.ofSeconds(MIN_POLL_SECONDS)) < 0) {
      interval = Duration.ofSeconds(MIN_POLL_SECONDS);
    }
    var ref = serve.getHost();
    return new HostSettings(ref.getUid(), ref.getNamespace() + "/" + ref.getName(), serve.getConfigVersion(),
        serve.getAddress(), serve.getCredentials().getUsername(), serve.getCredentials().getPassword(),
        serve.getTls().getCaBundlePem().isEmpty() ? null : serve.getTls().getCaBundlePem(),
        serve.getTls().getInsecureSkipVerify(),
        serve.getIpmiCipherSuite() == 0 ? DEFAULT_CIPHER_SUITE : serve.getIpmiCipherSuite(),
        serve.getIpmiAdministrator(), interval, serve.getConsoleSerialAddress(), serve.getConsoleVncAddress());
  }

  /** What the console relay needs of the host. */
  ConsoleSettings console() {
    return new ConsoleSettings(hostUid, host, address, consoleSerialAddress, consoleVncAddress, username, password,
        caBundlePem, insecureSkipVerify, cipherSuite, administrator);
  }

  /** The endpoint a client logs in to; {@link BmcException.Kind#UNSUPPORTED} when the address is not a BMC's. */
  BmcEndpoint endpoint() throws BmcException {
    URI uri;
    try {
      uri = new URI(address);
    } catch (URISyntaxException e) {
      throw new BmcException(BmcException.Kind.UNSUPPORTED, "the address is not a URI: " + e.getReason());
    }
    try {
      BmcProtocol.of(uri);
    } catch (IllegalArgumentException e) {
      throw new BmcException(BmcException.Kind.UNSUPPORTED, e.getMessage());
    }
    return new BmcEndpoint(uri, username, password, caBundlePem, insecureSkipVerify, cipherSuite, administrator,
        REQUEST_TIMEOUT);
  }

  /** The address without any user info, for logs and messages. */
  String displayAddress() {
    return address.replaceFirst("//[^/@]*@", "//");
  }

  @Override
  public String toString() {
    return "HostSettings[" + host + " (" + hostUid + ") at " + displayAddress() + ", config " + configVersion
        + ", user " + username + ", password ***, poll " + pollInterval.toSeconds() + "s]";
  }
}
