package dev.anvil.apiserver.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anvil.apiserver.hub.HubProperties;
import dev.anvil.apiserver.kube.ApiStatusException;
import dev.anvil.protocol.bus.AgentRegistry;
import dev.anvil.protocol.bus.BusUnavailableException;
import dev.anvil.protocol.bus.LiveAgent;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /apis/anvil.dev/v1alpha1/agents}: the agents of the central registry as an {@code AgentList}, for the
 * console's agents page. Authorised as {@code list agents} at cluster scope by {@code kube.ResourceAuthorization}.
 */
@RestController
public class AgentListController {

  static final String PATH = "/apis/anvil.dev/v1alpha1/agents";

  /** An entry stays listed (not connected) this long past the liveness rule; its hash expires about then anyway. */
  private static final Duration LISTED = Duration.ofHours(1);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AgentRegistry registry;
  private final Duration liveness;
  private final Clock clock;

  public AgentListController(AgentRegistry agentRegistry, HubProperties hub) {
    this.registry = agentRegistry;
    this.liveness = hub.registryTtl();
    this.clock = Clock.systemUTC();
  }

  @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> list() throws com.fasterxml.jackson.core.JsonProcessingException {
    java.util.List<LiveAgent> agents;
    try {
      agents = registry.live(LISTED);
    } catch (BusUnavailableException e) {
      throw ApiStatusException.unavailable("the agent registry in the central Redis is unreachable");
    }
    var list = JSON.createObjectNode();
    list.put("apiVersion", "anvil.dev/v1alpha1");
    list.put("kind", "AgentList");
    list.putObject("metadata");
    var items = list.putArray("items");
    var now = clock.millis();
    agents.stream().sorted(Comparator.comparing(LiveAgent::agentId)).forEach(a -> items.add(item(a, now)));
    // a String body: Spring Boot 4's converters are Jackson 3's, these nodes are Jackson 2's
    return ResponseEntity.ok(JSON.writeValueAsString(list));
  }

  private ObjectNode item(LiveAgent agent, long now) {
    var fields = agent.fields();
    var item = JSON.createObjectNode();
    item.put("id", agent.agentId());
    item.put("nodeName", agent.node());
    item.put("datacenter", agent.datacenter());
    item.put("version", fields.getOrDefault("version", ""));
    // the registry's liveness rule: an entry lives three heartbeat intervals after the last heartbeat
    item.put("connected", now - agent.lastHeartbeat().toEpochMilli() <= liveness.toMillis());
    item.put("lastHeartbeat", agent.lastHeartbeat().toString());
    item.put("cpuLoad", number(fields.get("cpu"), -1));
    item.put("memoryUsedBytes", (long) number(fields.get("memory"), -1));
    var capacity = item.putObject("capacity");
    var declared = json(fields.get("capacity"));
    for (var name : new String[] {"maxConcurrentAttempts", "cpuCores", "memoryBytes"}) {
      capacity.put(name, declared.path(name).asLong(0));
    }
    item.put("runningAttempts", json(fields.get("running")).size());
    item.put("bmcHosts", json(fields.get("bmcHosts")).size());
    var labels = item.putObject("labels");
    agent.labels().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> labels.put(e.getKey(), e.getValue()));
    return item;
  }

  /** A number field, or {@code unknown} before the first heartbeat wrote it (or when it is malformed). */
  private static double number(String value, double unknown) {
    try {
      return value == null ? unknown : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return unknown;
    }
  }

  /** A JSON field (object or array), or an empty object before the first heartbeat wrote it. */
  private static JsonNode json(String value) {
    if (value == null) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return JSON.createObjectNode();
    }
  }
}
