package dev.anvil.operator.workflow.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.DelayNode;
import dev.anvil.crds.v1alpha1.WorkflowNode;
import dev.anvil.operator.workflow.NodeStep;
import dev.anvil.operator.workflow.TestAttempts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DelayRunnerTest {

  private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");

  private final DelayRunner runner = new DelayRunner();

  private NodeStep step(String duration, Instant now) {
    var node = new WorkflowNode("pause");
    node.setDelay(new DelayNode(duration));
    return runner.step(TestAttempts.attempt(TestAttempts.workflow(node), node, null, 1, 1, START, now, List.of(),
        List.of()));
  }

  @Test
  void waitsUntilTheDurationPassedSinceTheAttemptStarted() {
    assertThat(step("1m30s", START)).isEqualTo(new NodeStep.Waiting("waiting until 2026-11-23T10:01:30Z",
        Duration.ofSeconds(90)));
    assertThat(step("1m30s", START.plusSeconds(60))).isEqualTo(new NodeStep.Waiting(
        "waiting until 2026-11-23T10:01:30Z", Duration.ofSeconds(30)));
  }

  @Test
  void isDoneOnceItPassedWithoutResults() {
    assertThat(step("1m30s", START.plusSeconds(90))).isEqualTo(new NodeStep.Succeeded(java.util.Map.of()));
    assertThat(step("500ms", START.plusSeconds(3600))).isInstanceOf(NodeStep.Succeeded.class);
  }
}
