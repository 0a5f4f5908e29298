package dev.anvil.apiserver.hub;

import dev.anvil.protocol.bus.LuaScript;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.anvil.protocol.agent.v1.Heartbeat;
import dev.anvil.protocol.agent.v1.Hello;
import dev.anvil.protocol.bus.BusKeys;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Writes the agent registry: the hash {@code anvil:agent:<id>} that expires three heartbeat intervals after the
 * last heartbeat, the live index {@code anvil:agents} (score = last heartbeat ms), and the session key that says
 * which stream (and replica) holds the agent.
 */
public final class AgentRegistryWriter {

  // Only the session that still holds the agent may take it off the live index: a newer one may already be live.
  private static final LuaScript END_SESSION = new LuaScript("""
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[2], ARGV[2])
        return 1
      end
      return 0
      """);

  private final RedisAsyncCommands<String, byte[]> redis;
  private final HubProperties properties;
  private final Clock clock;

  public AgentRegistryWriter(RedisAsyncCommands<String, byte[]> redis, HubProperties properties, Clock clock) {
    this.redis = redis;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Claims the agent for this session and registers it; completes with the agent's last stored report_seq. The
   * commands are pipelined, and the claim precedes any report of the session on the same connection.
   */
  public CompletionStage<Long> welcome(Hello hello, String sessionId, String replicaId) {
    var id = hello.getAgentId();
    var now = clock.millis();
    var capacity = new LinkedHashMap<String, Object>();
    capacity.put("maxConcurrentAttempts", hello.getCapacity().getMaxConcurrentAttempts());
    capacity.put("cpuCores", hello.getCapacity().getCpuCores());
    capacity.put("memoryBytes", hello.getCapacity().getMemoryBytes());
    var fields = new LinkedHashMap<String, byte[]>();
    put(fields, "node", hello.getNodeName());
    put(fields, "datacenter", hello.getDatacenter());
    put(fields, "labels", Serialization.asJson(hello.getLabelsMap()));
    put(fields, "capacity", Serialization.asJson(capacity));
    put(fields, "version", hello.getAgentVersion());
    put(fields, "protocolVersion", Integer.toString(hello.getProtocolVersion()));
    put(fields, "features", Serialization.asJson(hello.getFeaturesList()));
    put(fields, "durableSpool", Boolean.toString(hello.getDurableSpool()));
    put(fields, "replica", replicaId);
    put(fields, "session", sessionId);
    put(fields, "connectedAt", Long.toString(now));
    put(fields, "lastHeartbeat", Long.toString(now));
    redis.set(BusKeys.session(id), sessionValue(sessionId, replicaId).getBytes(UTF_8));
    redis.hset(BusKeys.agent(id), fields);
    redis.pexpire(BusKeys.agent(id), properties.registryTtl());
    redis.zadd(BusKeys.AGENTS, (double) now, id.getBytes(UTF_8));
    return redis.get(BusKeys.reportSeq(id))
        .thenApply(stored -> stored == null ? 0L : Long.parseLong(new String(stored, UTF_8)));
  }

  /** Refreshes liveness and load; keeps the entry alive for another three intervals. */
  public CompletionStage<Boolean> heartbeat(String agentId, Heartbeat heartbeat) {
    var now = clock.millis();
    var fields = new LinkedHashMap<String, byte[]>();
    put(fields, "lastHeartbeat", Long.toString(now));
    put(fields, "cpu", Double.toString(heartbeat.getCpuLoad()));
    put(fields, "memory", Long.toString(heartbeat.getMemoryUsedBytes()));
    put(fields, "running", Serialization.asJson(List.copyOf(heartbeat.getRunningAttemptIdsList())));
    put(fields, "bmcHosts", Serialization.asJson(bmcHosts(heartbeat)));
    redis.hset(BusKeys.agent(agentId), fields);
    redis.zadd(BusKeys.AGENTS, (double) now, agentId.getBytes(UTF_8));
    return redis.pexpire(BusKeys.agent(agentId), properties.registryTtl());
  }

  /** The served BmcHosts as {@code host uid → config_version}, in the heartbeat's order. */
  private static Map<String, String> bmcHosts(Heartbeat heartbeat) {
    var hosts = new LinkedHashMap<String, String>();
    heartbeat.getBmcHostsList().forEach(h -> hosts.put(h.getHostUid(), h.getConfigVersion()));
    return hosts;
  }

  /** The stream ended cleanly: the agent leaves the live index now (its hash expires on its own). */
  public CompletionStage<Long> ended(String agentId, String sessionValue) {
    return END_SESSION.run(redis, ScriptOutputType.INTEGER,
        new String[] {BusKeys.session(agentId), BusKeys.AGENTS},
        sessionValue.getBytes(UTF_8), agentId.getBytes(UTF_8));
  }

  /** The session key's value: {@code <session id> <replica id>}. */
  public static String sessionValue(String sessionId, String replicaId) {
    return sessionId + " " + replicaId;
  }

  private static void put(Map<String, byte[]> fields, String name, String value) {
    fields.put(name, value.getBytes(UTF_8));
  }
}
