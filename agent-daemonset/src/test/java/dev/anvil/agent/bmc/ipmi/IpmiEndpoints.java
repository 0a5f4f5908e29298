package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.sim.ipmi.IpmiSimulator;
import java.net.URI;
import java.time.Duration;

/** BmcEndpoints of the simulated IPMI BMC (cipher suite 3, Administrator), as the hub would hand them to the agent. */
final class IpmiEndpoints {

  private IpmiEndpoints() {
  }

  static BmcEndpoint of(IpmiSimulator bmc, String user, String password, Duration timeout) {
    return at(bmc.port(), user, password, timeout);
  }

  /** The simulator's users at another port of 127.0.0.1 (a proxy in front of it). */
  static BmcEndpoint at(int port, String user, String password, Duration timeout) {
    return new BmcEndpoint(URI.create("ipmi://127.0.0.1:" + port), user, password, null, false, 3, true, timeout);
  }
}
