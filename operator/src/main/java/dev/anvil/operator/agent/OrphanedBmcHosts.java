package dev.anvil.operator.agent;

import dev.anvil.protocol.bus.LiveAgent;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases BmcHosts that agents still serve although they should not: the host was deleted (no finalizer holds a
 * BmcHost), or it moved to another agent while this one was away. Driven by the agents' heartbeats.
 */
final class OrphanedBmcHosts {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanedBmcHosts.class);

  private final BusListener hosts;
  private final Function<LiveAgent, Map<String, String>> servedBy;
  private final BiConsumer<String, String> release;

  /** {@code release}: (agent, host uid) → sends the ReleaseBmcHost. */
  OrphanedBmcHosts(BusListener hosts, Function<LiveAgent, Map<String, String>> servedBy,
      BiConsumer<String, String> release) {
    this.hosts = hosts;
    this.servedBy = servedBy;
    this.release = release;
  }

  /** One pass; returns how many releases it sent (repeated each pass while the agent still lists the host). */
  int sweep(List<LiveAgent> live) {
    int sent = 0;
    for (var agent : live) {
      for (var hostUid : servedBy.apply(agent).keySet()) {
        var assigned = hosts.bmcHostAgent(hostUid);
        // a host assigned to nobody yet is left alone: its assignment may just not be in the cache yet
        if (!hosts.bmcHostExists(hostUid) || assigned != null && !assigned.equals(agent.agentId())) {
          LOG.info("agent {} serves BmcHost {}, which is not assigned to it: releasing it", agent.agentId(), hostUid);
          release.accept(agent.agentId(), hostUid);
          sent++;
        }
      }
    }
    return sent;
  }
}
