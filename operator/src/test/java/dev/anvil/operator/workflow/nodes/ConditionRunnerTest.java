package dev.anvil.operator.workflow.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.ConditionNode;
import dev.anvil.crds.v1alpha1.WorkflowNode;
import dev.anvil.operator.workflow.InFlightCalls;
import dev.anvil.operator.workflow.NodeAttempt;
import dev.anvil.operator.workflow.NodeStep;
import dev.anvil.operator.workflow.TestAttempts;
import dev.anvil.operator.workflow.WorkflowServices;
import dev.anvil.operator.workflow.calls.ConditionExpression;
import dev.anvil.operator.workflow.calls.ConditionExpression.FinishedNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionRunnerTest {

  private final WorkflowServices services = new WorkflowServices(null, null, new InFlightCalls(), null,
      new ConditionExpression(), null, id -> {
      });
  private final ConditionRunner runner = new ConditionRunner();

  private NodeStep step(String expression) {
    var node = new WorkflowNode("check");
    var condition = new ConditionNode();
    condition.setExpression(expression);
    node.setCondition(condition);
    var base = TestAttempts.attempt(TestAttempts.workflow(node), node, services, Instant.EPOCH);
    var attempt = new NodeAttempt(base.workflow(), node, 1, 1, Instant.EPOCH, Instant.EPOCH, services,
        base.children(), Map.of("env", "prod"),
        () -> Map.of("probe", new FinishedNode("Succeeded", Map.of("statusCode", "200"))));
    return runner.step(attempt);
  }

  @Test
  void theValueOverParamsAndFinishedNodesIsTheResult() {
    assertThat(step("nodes.probe.results.statusCode == '200' && params.env == 'prod'"))
        .isEqualTo(new NodeStep.Succeeded(Map.of("value", "true")));
    assertThat(step("nodes.probe.phase != 'Succeeded'")).isEqualTo(new NodeStep.Succeeded(Map.of("value", "false")));
  }

  @Test
  void aBadExpressionFailsTheNodeForGood() {
    var failed = (NodeStep.Failed) step("1 +");
    assertThat(failed.reason()).isEqualTo("InvalidSpec");
    assertThat(failed.retryable()).isFalse();
  }

  @Test
  void aFailedEvaluationFailsTheNodeForGood() {
    var failed = (NodeStep.Failed) step("nodes.ghost.phase == 'Succeeded'");
    assertThat(failed.reason()).isEqualTo("EvaluationFailed");
    assertThat(failed.message()).contains("ghost");
    assertThat(failed.retryable()).isFalse();
  }
}
