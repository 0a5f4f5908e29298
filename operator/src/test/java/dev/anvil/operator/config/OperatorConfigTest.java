package dev.anvil.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

  @Test
  void readsTheChartsEnvironment() {
    var config = OperatorConfig.fromEnv(Map.of("ANVIL_LEADER_ELECTION", "true", "POD_NAMESPACE", "anvil-system",
        "POD_NAME", "anvil-operator-0", "ANVIL_WATCH_NAMESPACES", "a, b,", "ANVIL_DEFAULT_JOB_QUOTA", "4",
        "ANVIL_HTTP_PORT", "9090"));
    assertThat(config.leaderElection().leaseNamespace()).isEqualTo("anvil-system");
    assertThat(config.leaderElection().leaseName()).isEqualTo("anvil-operator");
    assertThat(config.leaderElection().exitWhenLost()).isTrue();
    assertThat(config.identity()).isEqualTo("anvil-operator-0");
    assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("a", "b");
    assertThat(config.defaultJobQuota()).isEqualTo(4);
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.redisUri()).isNull();
    assertThat(config.agentHeartbeatTimeout()).isEqualTo(java.time.Duration.ofSeconds(15));
  }

  @Test
  void theAgentBusIsConfiguredByItsRedisUriTimeoutAndHeartbeatTimeout() {
    var config = OperatorConfig.fromEnv(Map.of("ANVIL_REDIS_URI", "redis://bus:6379",
        "ANVIL_AGENT_HEARTBEAT_TIMEOUT", "30s", "ANVIL_REDIS_TIMEOUT", "3s"));
    assertThat(config.redisUri()).isEqualTo("redis://bus:6379");
    assertThat(config.agentHeartbeatTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThat(config.redisTimeout()).isEqualTo(java.time.Duration.ofSeconds(3));
    assertThat(OperatorConfig.fromEnv(Map.of()).redisTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("ANVIL_AGENT_HEARTBEAT_TIMEOUT", "0s")))
        .hasMessageContaining("ANVIL_AGENT_HEARTBEAT_TIMEOUT");
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("ANVIL_REDIS_TIMEOUT", "0s")))
        .hasMessageContaining("ANVIL_REDIS_TIMEOUT");
  }

  @Test
  void badValuesNameTheVariable() {
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("ANVIL_DEFAULT_JOB_QUOTA", "lots")))
        .hasMessageContaining("ANVIL_DEFAULT_JOB_QUOTA must be a whole number, was 'lots'");
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("ANVIL_DEFAULT_JOB_QUOTA", "-1")))
        .hasMessageContaining("0 (unlimited) or more");
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("ANVIL_LEADER_ELECTION", "true")))
        .hasMessageContaining("ANVIL_LEASE_NAMESPACE");
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("ANVIL_LEADER_ELECTION", "true", "POD_NAMESPACE", "x",
        "ANVIL_LEASE_DURATION", "soon"))).hasMessageContaining("ANVIL_LEASE_DURATION: 'soon' is not a duration");
    assertThat(OperatorConfig.fromEnv(Map.of()).leaderElection()).isNull();
  }
}
