package dev.anvil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {

  @TempDir
  Path dir;

  private static Map<String, String> minimal() {
    var env = new HashMap<String, String>();
    env.put("ANVIL_HUB_ADDRESS", "hub.anvil:9090");
    env.put("ANVIL_AGENT_TOKEN", "s3cret-token");
    return env;
  }

  @Test
  void defaultsAndLabels() {
    var env = minimal();
    env.put("ANVIL_AGENT_ID", "agent-7");
    env.put("ANVIL_DATACENTER", "dc-b");
    env.put("ANVIL_AGENT_LABELS", "rack=r1, gpu=a100");
    var config = AgentConfig.fromEnv(env);
    assertThat(config.hubHost()).isEqualTo("hub.anvil");
    assertThat(config.hubPort()).isEqualTo(9090);
    assertThat(config.plaintext()).isFalse();
    assertThat(config.localRedis()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(config.nodeName()).isEqualTo("agent-7");
    assertThat(config.labels()).containsEntry("rack", "r1").containsEntry("gpu", "a100")
        .containsEntry("anvil.dev/datacenter", "dc-b").containsEntry("anvil.dev/node", "agent-7");
    assertThat(config.toString()).doesNotContain("s3cret-token");
  }

  @Test
  void tokenFileWinsAndIsStripped() throws Exception {
    var file = dir.resolve("token");
    Files.writeString(file, "from-file\n");
    var env = minimal();
    env.put("ANVIL_AGENT_TOKEN_FILE", file.toString());
    assertThat(AgentConfig.fromEnv(env).token()).isEqualTo("from-file");
  }

  @Test
  void badValuesNameTheirVariable() {
    assertBad(Map.of("ANVIL_HUB_ADDRESS", ""), "ANVIL_HUB_ADDRESS");
    assertBad(Map.of("ANVIL_HUB_ADDRESS", "hub"), "ANVIL_HUB_ADDRESS");
    assertBad(Map.of("ANVIL_HUB_ADDRESS", "hub:99999"), "ANVIL_HUB_ADDRESS");
    assertBad(Map.of("ANVIL_AGENT_TOKEN", ""), "ANVIL_AGENT_TOKEN_FILE");
    assertBad(Map.of("ANVIL_AGENT_TOKEN_FILE", dir.resolve("missing").toString()), "ANVIL_AGENT_TOKEN_FILE");
    assertBad(Map.of("ANVIL_MAX_ATTEMPTS", "0"), "ANVIL_MAX_ATTEMPTS");
    assertBad(Map.of("ANVIL_MAX_ATTEMPTS", "many"), "ANVIL_MAX_ATTEMPTS");
    assertBad(Map.of("ANVIL_AGENT_LABELS", "rack"), "ANVIL_AGENT_LABELS");
    assertBad(Map.of("ANVIL_HUB_PLAINTEXT", "yes"), "ANVIL_HUB_PLAINTEXT");
    assertBad(Map.of("ANVIL_LOCAL_REDIS", "localhost:6379"), "ANVIL_LOCAL_REDIS");
  }

  @Test
  void aBadTokenIsRefusedWithoutEchoingIt() {
    var env = minimal();
    env.put("ANVIL_AGENT_TOKEN", "has space");
    assertThatThrownBy(() -> AgentConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("ANVIL_AGENT_TOKEN").hasMessageNotContaining("has space");
  }

  private static void assertBad(Map<String, String> override, String variable) {
    var env = minimal();
    env.putAll(override);
    assertThatThrownBy(() -> AgentConfig.fromEnv(env)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(variable);
  }
}
