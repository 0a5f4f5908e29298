package dev.anvil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The entry point refuses bad configuration with exit code 2 and a message naming the variable. */
class AgentMainTest {

  @Test
  void badConfigurationExitsWithTwoNamingTheVariable() throws Exception {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AgentMain.class.getName())
        .redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("ANVIL_"));
    builder.environment().put("ANVIL_AGENT_TOKEN", "t0ken-never-printed");
    builder.environment().put("ANVIL_HUB_ADDRESS", "hub-without-port");
    var process = builder.start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(output).contains("ANVIL_HUB_ADDRESS").doesNotContain("t0ken-never-printed");
  }
}
