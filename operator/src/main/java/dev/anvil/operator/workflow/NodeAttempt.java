package dev.anvil.operator.workflow;

import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowNode;
import dev.anvil.operator.run.ChildNames;
import dev.anvil.operator.workflow.calls.ConditionExpression;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One attempt of one node, as a runner sees it: the node with every reference substituted, its numbers, the clock
 * and the operator's services.
 *
 * @param node the node with $(params.x), $(nodes.n.results.k) and $(context.*) substituted
 * @param execution 1, plus one per replay from the dead-letter queue
 * @param attempt 1 for the first attempt of this execution
 * @param params the Workflow's param values
 * @param finished the finished nodes' phases and results (what condition expressions see)
 */
public record NodeAttempt(Workflow workflow, WorkflowNode node, int execution, int attempt, Instant attemptStart,
    Instant now, WorkflowServices services, WorkflowChildren children, Map<String, String> params,
    Supplier<Map<String, ConditionExpression.FinishedNode>> finished) {

  public String namespace() {
    return workflow.getMetadata().getNamespace();
  }

  /** Unique per workflow, node, execution and attempt: the Idempotency-Key of http calls, the id of BMC requests. */
  public String key() {
    return workflow.getMetadata().getUid() + "-" + node.getName() + "-" + execution + "-" + attempt;
  }

  /** Name of the node's child object (job and pipeline nodes): {@code <workflow>-<node>}, {@code -r<n>} on replays. */
  public String childName() {
    var name = ChildNames.of(workflow.getMetadata().getName(), node.getName());
    return execution > 1 ? name + "-r" + execution : name;
  }
}
