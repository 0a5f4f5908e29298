package dev.anvil.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessSpecTest {

  @Test
  void exactlyOneOfCommandAndScript() {
    assertThatThrownBy(() -> new ProcessSpec("a-1", List.of("true"), "true", Map.of(), null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly one of command or script")
        .hasMessageContaining("both are set");
    assertThatThrownBy(() -> new ProcessSpec("a-1", null, null, Map.of(), null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neither is set");
  }

  @Test
  void scriptRunsUnderShWithErrexit() {
    assertThat(ProcessSpec.script("a-1", "echo hi").argv()).containsExactly("/bin/sh", "-e", "-c", "echo hi");
    assertThat(ProcessSpec.command("a-1", List.of("echo", "hi")).argv()).containsExactly("echo", "hi");
  }

  @Test
  void rejectsWhatCannotRun() {
    assertThatThrownBy(() -> ProcessSpec.command("a-1", List.of()))
        .hasMessageContaining("command must name a program");
    assertThatThrownBy(() -> ProcessSpec.script("a-1", "  "))
        .hasMessageContaining("script must be non-blank");
    assertThatThrownBy(() -> ProcessSpec.command(" ", List.of("true")))
        .hasMessageContaining("attemptId");
    assertThatThrownBy(() -> ProcessSpec.command("a-1", List.of("true")).withWorkingDir(Path.of("rel")))
        .hasMessageContaining("workingDir must be an absolute path");
    assertThatThrownBy(() -> ProcessSpec.command("a-1", List.of("true")).withTimeout(Duration.ZERO))
        .hasMessageContaining("timeout must be positive");
  }

  @Test
  void reservedAndMalformedEnvironmentIsRefused() {
    var spec = ProcessSpec.command("a-1", List.of("true"));
    assertThatThrownBy(() -> spec.withEnv(Map.of("ANVIL_RESULTS", "/tmp")))
        .hasMessageContaining("ANVIL_RESULTS is set by the agent");
    assertThatThrownBy(() -> spec.withEnv(Map.of("A=B", "x")))
        .hasMessageContaining("invalid environment variable name 'A=B'");
    assertThat(spec.withEnv(Map.of("PATH", "/opt/bin")).env()).containsEntry("PATH", "/opt/bin");
  }
}
