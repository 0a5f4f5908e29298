package dev.anvil.operator.bmc;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.protocol.bus.LiveAgent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides when a ServeBmcHost goes out: when the agent's heartbeat does not list the host at the wanted
 * config_version, and the same command was not sent within the heartbeat timeout (it may still be on its way).
 */
public final class ServedHosts {

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Sent(String agent, String version, Instant at) {
  }

  private final Map<String, Sent> sent = new ConcurrentHashMap<>();

  /** The hosts the agent's last heartbeat listed: host uid → config_version. */
  public static Map<String, String> servedBy(LiveAgent agent) {
    var json = agent.fields().get("bmcHosts");
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, new TypeReference<Map<String, String>>() { });
    } catch (IOException e) {
      return Map.of(); // unreadable: the serve is sent again, which the agent ignores at the same version
    }
  }

  /** Whether to send now; records the send when it says yes. */
  boolean due(String hostUid, LiveAgent agent, String version, Duration resendAfter, Instant now) {
    if (version.equals(servedBy(agent).get(hostUid))) {
      return false;
    }
    var last = sent.get(hostUid);
    if (last != null && last.agent().equals(agent.agentId()) && last.version().equals(version)
        && last.at().plus(resendAfter).isAfter(now)) {
      return false;
    }
    sent.put(hostUid, new Sent(agent.agentId(), version, now));
    return true;
  }
}
