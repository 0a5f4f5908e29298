package dev.anvil.apiserver.hub;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the agent hub, {@code anvil.hub.*}.
 *
 * @param heartbeatInterval    how often agents heartbeat; the registry entry lives three intervals
 * @param sessionCheckInterval how often a replica checks that it still holds its agents' sessions
 * @param replicaId            this replica's name in the registry; empty for the host name
 * @param bootstrapSecret      where the agents' bootstrap tokens live
 * @param logMaxLines          approximate cap of one attempt's log stream
 * @param logRetention         how long an attempt's log lives after its last write
 * @param reportWindow         reports of one stream being stored at the same time (inbound flow control)
 * @param commandBlock         how long the command poller blocks in one XREAD
 * @param redisRetry           how long the command poller and the report stores wait before trying the central
 *                             Redis again after it failed
 */
@ConfigurationProperties("anvil.hub")
public record HubProperties(
    @DefaultValue("5s") Duration heartbeatInterval,
    @DefaultValue("5s") Duration sessionCheckInterval,
    @DefaultValue("") String replicaId,
    @DefaultValue BootstrapSecret bootstrapSecret,
    @DefaultValue("1000000") long logMaxLines,
    @DefaultValue("7d") Duration logRetention,
    @DefaultValue("64") int reportWindow,
    @DefaultValue("1s") Duration commandBlock,
    @DefaultValue("1s") Duration redisRetry) {

  /**
   * The Secret holding bootstrap tokens: key {@code key} and, for rotation, any key {@code key-*} (e.g.
   * {@code token-next}); every one of them is accepted.
   *
   * @param namespace empty for the apiserver's own namespace
   */
  public record BootstrapSecret(
      @DefaultValue("anvil-agent-bootstrap") String name,
      @DefaultValue("") String namespace,
      @DefaultValue("token") String key) {
  }

  /** Defaults, for code that builds a hub without Spring. */
  public static HubProperties defaults() {
    return new HubProperties(Duration.ofSeconds(5), Duration.ofSeconds(5), "",
        new BootstrapSecret("anvil-agent-bootstrap", "", "token"), 1_000_000, Duration.ofDays(7), 64,
        Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  public HubProperties withHeartbeat(Duration heartbeat, Duration sessionCheck) {
    return new HubProperties(heartbeat, sessionCheck, replicaId, bootstrapSecret, logMaxLines, logRetention,
        reportWindow, commandBlock, redisRetry);
  }

  public HubProperties withReplicaId(String id) {
    return new HubProperties(heartbeatInterval, sessionCheckInterval, id, bootstrapSecret, logMaxLines, logRetention,
        reportWindow, commandBlock, redisRetry);
  }

  public HubProperties withCommandBlock(Duration block) {
    return new HubProperties(heartbeatInterval, sessionCheckInterval, replicaId, bootstrapSecret, logMaxLines,
        logRetention, reportWindow, block, redisRetry);
  }

  public HubProperties withRedisRetry(Duration retry) {
    return new HubProperties(heartbeatInterval, sessionCheckInterval, replicaId, bootstrapSecret, logMaxLines,
        logRetention, reportWindow, commandBlock, retry);
  }

  /** How long a registry entry lives without a heartbeat. */
  public Duration registryTtl() {
    return heartbeatInterval.multipliedBy(3);
  }
}
