package dev.anvil.operator.workflow.nodes;

import dev.anvil.operator.workflow.NodeAttempt;
import dev.anvil.operator.workflow.NodeRunner;
import dev.anvil.operator.workflow.NodeStep;
import dev.anvil.operator.workflow.calls.ConditionOutcome;
import java.util.Map;

/**
 * A {@code condition} node: evaluates its CEL expression over params and the finished nodes; the value (result
 * {@code value}) decides which of its then/else branches run.
 */
public final class ConditionRunner implements NodeRunner {

  @Override
  public NodeStep step(NodeAttempt attempt) {
    var outcome = attempt.services().conditions().evaluate(attempt.node().getCondition().getExpression(),
        attempt.params(), attempt.finished().get());
    if (outcome instanceof ConditionOutcome.Value value) {
      return new NodeStep.Succeeded(Map.of("value", Boolean.toString(value.value())));
    }
    var failed = (ConditionOutcome.Failed) outcome;
    return new NodeStep.Failed(failed.reason().name(), failed.message(), false);
  }
}
