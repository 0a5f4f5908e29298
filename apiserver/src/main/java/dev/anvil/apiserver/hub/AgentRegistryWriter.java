package dev.anvil.apiserver.hub;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.anvil.protocol.agent.v1.Heartbeat;
import dev.anvil.protocol.agent.v1.Hello;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.LuaScript;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Clock;
import java.util.ArrayList;
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

  // A heartbeat writes the whole entry, not only what changed: the entry may have expired while the central Redis
  // was away, and a half entry (no labels, no features) would keep the agent from being placed on. Only the session
  // that holds the agent writes it; a session whose key is gone (taken over, or lost with Redis's data) is told so.
  private static final LuaScript HEARTBEAT = new LuaScript("""
      if redis.call('GET', KEYS[1]) ~= ARGV[1] then
        return 0
      end
      redis.call('HSET', KEYS[2], unpack(ARGV, 5))
      redis.call('PEXPIRE', KEYS[2], ARGV[2])
      redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
      return 1
      """);

  // A central Redis that lost its data counts commands from 0 again, while the agent skips every command at or below
  // the one it executed last: commands written after this Welcome must be numbered above it.
  private static final LuaScript RAISE_COMMAND_SEQ = new LuaScript("""
      if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[1]) then
        redis.call('SET', KEYS[1], ARGV[1])
      end
      return 1
      """);

  /** What one session registers for its agent: the agent's Hello, and which stream holds it since when. */
  public record Registration(Hello hello, String sessionId, String replicaId, long connectedAt) {

    public String agentId() {
      return hello.getAgentId();
    }

    public String sessionValue() {
      return AgentRegistryWriter.sessionValue(sessionId, replicaId);
    }
  }

  private final RedisAsyncCommands<String, byte[]> redis;
  private final HubProperties properties;
  private final Clock clock;

  public AgentRegistryWriter(RedisAsyncCommands<String, byte[]> redis, HubProperties properties, Clock clock) {
    this.redis = redis;
    this.properties = properties;
    this.clock = clock;
  }

  /** A registration of {@code hello}'s agent for this session, connected now. */
  public Registration register(Hello hello, String sessionId, String replicaId) {
    return new Registration(hello, sessionId, replicaId, clock.millis());
  }

  /**
   * Claims the agent for this session and registers it; completes with the agent's last stored report_seq. The
   * commands are pipelined, and the claim precedes any report of the session on the same connection.
   */
  public CompletionStage<Long> welcome(Registration registration) {
    var id = registration.agentId();
    var now = clock.millis();
    redis.set(BusKeys.session(id), registration.sessionValue().getBytes(UTF_8));
    // before the entry: an operator that sees the agent live already numbers its commands above the agent's position
    RAISE_COMMAND_SEQ.run(redis, ScriptOutputType.INTEGER, new String[] {BusKeys.commandSeq(id)},
        Long.toString(registration.hello().getLastExecutedCommandSeq()).getBytes(UTF_8));
    redis.hset(BusKeys.agent(id), fields(registration, now));
    redis.pexpire(BusKeys.agent(id), properties.registryTtl());
    redis.zadd(BusKeys.AGENTS, (double) now, id.getBytes(UTF_8));
    return redis.get(BusKeys.reportSeq(id))
        .thenApply(stored -> stored == null ? 0L : Long.parseLong(new String(stored, UTF_8)));
  }

  /**
   * Refreshes liveness and load and keeps the entry alive for another three intervals; completes with false when the
   * session no longer holds the agent (nothing is written then).
   */
  public CompletionStage<Boolean> heartbeat(Registration registration, Heartbeat heartbeat) {
    var now = clock.millis();
    var fields = fields(registration, now);
    put(fields, "cpu", Double.toString(heartbeat.getCpuLoad()));
    put(fields, "memory", Long.toString(heartbeat.getMemoryUsedBytes()));
    put(fields, "running", Serialization.asJson(List.copyOf(heartbeat.getRunningAttemptIdsList())));
    put(fields, "bmcHosts", Serialization.asJson(bmcHosts(heartbeat)));
    var args = new ArrayList<byte[]>(4 + 2 * fields.size());
    args.add(registration.sessionValue().getBytes(UTF_8));
    args.add(Long.toString(properties.registryTtl().toMillis()).getBytes(UTF_8));
    args.add(Long.toString(now).getBytes(UTF_8));
    args.add(registration.agentId().getBytes(UTF_8));
    fields.forEach((name, value) -> {
      args.add(name.getBytes(UTF_8));
      args.add(value);
    });
    var id = registration.agentId();
    return HEARTBEAT.<Long>run(redis, ScriptOutputType.INTEGER,
        new String[] {BusKeys.session(id), BusKeys.agent(id), BusKeys.AGENTS}, args.toArray(byte[][]::new))
        .thenApply(written -> written == 1);
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

  /** The entry's fields as of {@code now}, without the load a heartbeat adds. */
  private static Map<String, byte[]> fields(Registration registration, long now) {
    var hello = registration.hello();
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
    put(fields, "replica", registration.replicaId());
    put(fields, "session", registration.sessionId());
    put(fields, "connectedAt", Long.toString(registration.connectedAt()));
    put(fields, "lastHeartbeat", Long.toString(now));
    return fields;
  }

  private static void put(Map<String, byte[]> fields, String name, String value) {
    fields.put(name, value.getBytes(UTF_8));
  }
}
