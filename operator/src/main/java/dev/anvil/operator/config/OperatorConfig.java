package dev.anvil.operator.config;

import dev.anvil.crds.v1alpha1.Durations;
import dev.anvil.protocol.bus.CentralRedisClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's settings, read from environment variables (the Helm chart sets them).
 *
 * @param leaderElection how replicas elect a leader, or null to reconcile without a Lease (a single replica)
 * @param identity this replica's name in the Lease and in Events
 * @param watchNamespaces namespaces to watch; empty means all
 * @param defaultJobQuota Jobs a namespace may run at once unless it says otherwise; 0 means unlimited
 * @param httpPort port of /metrics, /healthz and /readyz; 0 picks a free one, -1 disables
 * @param reconcileThreads how many reconciles run at once
 * @param redisUri the central Redis of the agent bus, or null: Agent Jobs then wait (Pod Jobs never need Redis)
 * @param agentHeartbeatTimeout how long an agent may stay silent before it counts as lost
 * @param redisTimeout how long any command to the central Redis may take before it counts as failed
 */
public record OperatorConfig(LeaderElection leaderElection, String identity, Set<String> watchNamespaces,
    int defaultJobQuota, int httpPort, int reconcileThreads, String redisUri, Duration agentHeartbeatTimeout,
    Duration redisTimeout) {

  /** Default of {@code ANVIL_AGENT_HEARTBEAT_TIMEOUT}: three missed 5s heartbeats. */
  public static final Duration DEFAULT_AGENT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(15);

  /** Settings without the agent bus. */
  public OperatorConfig(LeaderElection leaderElection, String identity, Set<String> watchNamespaces,
      int defaultJobQuota, int httpPort, int reconcileThreads) {
    this(leaderElection, identity, watchNamespaces, defaultJobQuota, httpPort, reconcileThreads, null,
        DEFAULT_AGENT_HEARTBEAT_TIMEOUT, CentralRedisClient.DEFAULT_TIMEOUT);
  }

  public OperatorConfig {
    if (defaultJobQuota < 0) {
      throw new IllegalArgumentException("ANVIL_DEFAULT_JOB_QUOTA must be 0 (unlimited) or more, was " + defaultJobQuota);
    }
    if (reconcileThreads < 1) {
      throw new IllegalArgumentException("ANVIL_RECONCILE_THREADS must be at least 1, was " + reconcileThreads);
    }
    if (agentHeartbeatTimeout == null || agentHeartbeatTimeout.isNegative() || agentHeartbeatTimeout.isZero()) {
      throw new IllegalArgumentException("ANVIL_AGENT_HEARTBEAT_TIMEOUT must be positive, was " + agentHeartbeatTimeout);
    }
    if (redisTimeout == null || redisTimeout.isNegative() || redisTimeout.isZero()) {
      throw new IllegalArgumentException("ANVIL_REDIS_TIMEOUT must be positive, was " + redisTimeout);
    }
    watchNamespaces = Set.copyOf(watchNamespaces);
    redisUri = redisUri == null || redisUri.isBlank() ? null : redisUri.trim();
  }

  /** Defaults for running in-process (tests, the embedded platform): no leader election, no HTTP port. */
  public static OperatorConfig local() {
    return new OperatorConfig(null, "local", Set.of(), 0, -1, 8);
  }

  public OperatorConfig withLeaderElection(LeaderElection election, String identity) {
    return new OperatorConfig(election, identity, watchNamespaces, defaultJobQuota, httpPort, reconcileThreads, redisUri,
        agentHeartbeatTimeout, redisTimeout);
  }

  public OperatorConfig withDefaultJobQuota(int quota) {
    return new OperatorConfig(leaderElection, identity, watchNamespaces, quota, httpPort, reconcileThreads, redisUri,
        agentHeartbeatTimeout, redisTimeout);
  }

  public OperatorConfig withHttpPort(int port) {
    return new OperatorConfig(leaderElection, identity, watchNamespaces, defaultJobQuota, port, reconcileThreads,
        redisUri, agentHeartbeatTimeout, redisTimeout);
  }

  /** The same settings with the agent bus at {@code uri} and this heartbeat timeout. */
  public OperatorConfig withAgentBus(String uri, Duration heartbeatTimeout) {
    return new OperatorConfig(leaderElection, identity, watchNamespaces, defaultJobQuota, httpPort, reconcileThreads,
        uri, heartbeatTimeout, redisTimeout);
  }

  /** The same settings with this timeout for every central Redis command. */
  public OperatorConfig withRedisTimeout(Duration timeout) {
    return new OperatorConfig(leaderElection, identity, watchNamespaces, defaultJobQuota, httpPort, reconcileThreads,
        redisUri, agentHeartbeatTimeout, timeout);
  }

  /** Reads the settings from {@code env}; a malformed value fails with the variable's name. */
  public static OperatorConfig fromEnv(Map<String, String> env) {
    var identity = env.getOrDefault("POD_NAME", env.getOrDefault("HOSTNAME", "anvil-operator"));
    var namespaces = Arrays.stream(env.getOrDefault("ANVIL_WATCH_NAMESPACES", "").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    LeaderElection election = null;
    if (Boolean.parseBoolean(env.getOrDefault("ANVIL_LEADER_ELECTION", "false"))) {
      election = new LeaderElection(env.getOrDefault("ANVIL_LEASE_NAMESPACE", env.get("POD_NAMESPACE")),
          env.getOrDefault("ANVIL_LEASE_NAME", "anvil-operator"),
          duration(env, "ANVIL_LEASE_DURATION", LeaderElection.DEFAULT_LEASE_DURATION), true);
    }
    return new OperatorConfig(election, identity, namespaces,
        integer(env, "ANVIL_DEFAULT_JOB_QUOTA", 0),
        integer(env, "ANVIL_HTTP_PORT", 8080),
        integer(env, "ANVIL_RECONCILE_THREADS", 16),
        env.get("ANVIL_REDIS_URI"),
        duration(env, "ANVIL_AGENT_HEARTBEAT_TIMEOUT", DEFAULT_AGENT_HEARTBEAT_TIMEOUT),
        duration(env, "ANVIL_REDIS_TIMEOUT", CentralRedisClient.DEFAULT_TIMEOUT));
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    var value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Durations.parse(value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage());
    }
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    var value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
    }
  }
}
