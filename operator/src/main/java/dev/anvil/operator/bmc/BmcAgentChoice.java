package dev.anvil.operator.bmc;

import dev.anvil.protocol.Features;
import dev.anvil.protocol.bus.LiveAgent;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Picks the agent that serves a BmcHost: the current one while it is live and eligible (a host does not move
 * without a reason), else the live agent of the host's datacenter offering the bmc feature that serves the fewest
 * hosts, ties to the smallest id.
 */
final class BmcAgentChoice {

  /** The chosen agent, or null with {@code whyNone} saying why there is none. */
  record Choice(String agentId, String whyNone) {
  }

  private BmcAgentChoice() {
  }

  static Choice choose(String datacenter, String current, List<LiveAgent> live, Map<String, Integer> hostsPerAgent) {
    var eligible = live.stream()
        .filter(a -> a.features().contains(Features.BMC) && datacenter.equals(a.datacenter()))
        .toList();
    if (eligible.isEmpty()) {
      return new Choice(null, live.isEmpty()
          ? "no live agent: none has sent a heartbeat within the heartbeat timeout"
          : "no live agent in datacenter " + datacenter + " serves BMCs (of " + live.size() + " live agent(s))");
    }
    if (current != null && eligible.stream().anyMatch(a -> a.agentId().equals(current))) {
      return new Choice(current, null);
    }
    var best = eligible.stream()
        .min(Comparator.<LiveAgent>comparingInt(a -> hostsPerAgent.getOrDefault(a.agentId(), 0))
            .thenComparing(LiveAgent::agentId))
        .orElseThrow();
    return new Choice(best.agentId(), null);
  }
}
