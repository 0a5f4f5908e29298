package dev.anvil.agent.bmc.redfish;

import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.sim.redfish.RedfishSimulator;
import java.net.URI;
import java.time.Duration;

/** BmcEndpoints of simulated BMCs, as the hub would hand them to the agent. */
final class Endpoints {

  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private Endpoints() {
  }

  /** The simulator over HTTPS, verified against its CA, naming the given path (empty for none). */
  static BmcEndpoint of(RedfishSimulator bmc, String path) {
    return new BmcEndpoint(address(bmc, path), bmc.username(), bmc.password(), bmc.caPem(), false, 3, true, TIMEOUT);
  }

  static URI address(RedfishSimulator bmc, String path) {
    return URI.create("redfish+https://127.0.0.1:" + bmc.httpsUri().getPort() + path);
  }

  static BmcEndpoint withPassword(BmcEndpoint endpoint, String password) {
    return new BmcEndpoint(endpoint.address(), endpoint.username(), password, endpoint.caBundlePem(),
        endpoint.insecureSkipVerify(), endpoint.cipherSuite(), endpoint.administrator(), endpoint.timeout());
  }

  static BmcEndpoint withTls(BmcEndpoint endpoint, String caPem, boolean insecureSkipVerify) {
    return new BmcEndpoint(endpoint.address(), endpoint.username(), endpoint.password(), caPem, insecureSkipVerify,
        endpoint.cipherSuite(), endpoint.administrator(), endpoint.timeout());
  }

  static BmcEndpoint withTimeout(BmcEndpoint endpoint, Duration timeout) {
    return new BmcEndpoint(endpoint.address(), endpoint.username(), endpoint.password(), endpoint.caBundlePem(),
        endpoint.insecureSkipVerify(), endpoint.cipherSuite(), endpoint.administrator(), timeout);
  }
}
