package dev.anvil.protocol.bus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One live agent as the registry shows it.
 *
 * @param fields every registry field as stored, for what the record does not name
 */
public record LiveAgent(String agentId, String node, String datacenter, Map<String, String> labels,
    List<String> features, String replica, String session, Instant lastHeartbeat, Map<String, String> fields) {
}
