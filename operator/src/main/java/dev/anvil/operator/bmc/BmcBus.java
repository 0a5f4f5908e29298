package dev.anvil.operator.bmc;

import dev.anvil.protocol.agent.v1.BmcAction;
import dev.anvil.protocol.agent.v1.BmcActionResult;
import dev.anvil.protocol.agent.v1.ServeBmcHost;
import dev.anvil.protocol.bus.LiveAgent;
import java.time.Duration;
import java.util.List;

/** The agent bus as the BmcHost reconciler sees it: live agents, stored observations and results, commands out. */
public interface BmcBus {

  /** Agents that heartbeated within {@link #heartbeatTimeout()}. */
  List<LiveAgent> live();

  Duration heartbeatTimeout();

  /** The latest observation stored for the host, or null when none is. */
  StoredObservation observation(String hostUid);

  /** The stored result of one of the host's actions, or null while there is none. */
  BmcActionResult actionResult(String hostUid, String actionId);

  /** Tells the agent to serve the host with these settings (harmless to repeat). */
  void serve(String agentId, ServeBmcHost serve);

  /** Tells the agent to stop serving the host (harmless to repeat). */
  void release(String agentId, String hostUid, String reason);

  /** Sends the action to the agent unless it was sent before (by this or an earlier operator). */
  void act(String agentId, BmcAction action);
}
