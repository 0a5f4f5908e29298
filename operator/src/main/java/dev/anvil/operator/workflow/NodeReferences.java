package dev.anvil.operator.workflow;

import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowNode;
import dev.anvil.crds.v1alpha1.WorkflowNodeState;
import dev.anvil.operator.run.JsonStrings;
import dev.anvil.operator.run.Substitution;
import dev.anvil.operator.run.Substitution.UnresolvedReference;
import dev.anvil.operator.workflow.calls.ConditionExpression;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

/** Values of $(params.x), $(nodes.n.results.k), $(nodes.n.phase) and $(context.*) in a Workflow's nodes. */
final class NodeReferences {

  private final Workflow workflow;
  private final WorkflowShape shape;
  private final Map<String, WorkflowNodeState> states;
  private final WorkflowChildren children;

  NodeReferences(Workflow workflow, WorkflowShape shape, Map<String, WorkflowNodeState> states,
      WorkflowChildren children) {
    this.workflow = workflow;
    this.shape = shape;
    this.states = states;
    this.children = children;
  }

  /** A copy of {@code node} with every reference substituted for its attempt {@code attempt}. */
  WorkflowNode substituted(WorkflowNode node, int attempt) {
    var kind = shape.kinds.get(node.getName());
    var ownParams = new HashSet<String>();
    if (kind == NodeKind.pipeline && node.getPipeline().getParams() != null) {
      node.getPipeline().getParams().forEach(p -> ownParams.add(p.getName()));
    }
    Substitution.Resolver resolver = ref -> {
      if (kind == NodeKind.pipeline && (ref.startsWith("tasks.") || ref.startsWith("context.pipeline.")
          || ref.equals("context.task.name")
          || ref.startsWith("params.") && ownParams.contains(ref.substring("params.".length())))) {
        return "$(" + ref + ")"; // the child Pipeline's own reference
      }
      return resolve(ref, node.getName(), attempt);
    };
    return JsonStrings.rewrite(node, WorkflowNode.class, text -> Substitution.apply(text, resolver));
  }

  private String resolve(String ref, String node, int attempt) {
    if (ref.startsWith("params.")) {
      return require(shape.params.get(ref.substring("params.".length())), ref);
    }
    switch (ref) {
      case "context.workflow.name":
        return workflow.getMetadata().getName();
      case "context.workflow.namespace":
        return workflow.getMetadata().getNamespace();
      case "context.workflow.uid":
        return workflow.getMetadata().getUid();
      case "context.node.name":
        return node;
      case "context.node.attempt":
        return Integer.toString(attempt);
      default:
        break;
    }
    var result = Substitution.resultReference(ref, "nodes");
    if (result != null) {
      var value = results(result.step()).get(result.key());
      if (value == null) {
        throw new UnresolvedReference("node " + result.step() + " has no result '" + result.key() + "' (it has: "
            + String.join(", ", results(result.step()).keySet()) + ")");
      }
      return value;
    }
    if (ref.startsWith("nodes.") && ref.endsWith(".phase")) {
      var state = states.get(ref.substring("nodes.".length(), ref.length() - ".phase".length()));
      return require(state == null ? null : state.getPhase().name(), ref);
    }
    throw new UnresolvedReference("unknown reference $(" + ref + ")");
  }

  /** The results of a node: its own (http, bmc, condition, approval) or its child's (job, pipeline). */
  Map<String, String> results(String node) {
    var state = states.get(node);
    if (state == null || state.getPhase() != StepPhase.Succeeded) {
      return Map.of();
    }
    if (state.getChild() != null) {
      var job = children.job(state.getChild());
      if (job != null && job.getStatus() != null) {
        return job.getStatus().getResults();
      }
      var pipeline = children.pipeline(state.getChild());
      if (pipeline != null && pipeline.getStatus() != null) {
        return pipeline.getStatus().getResults();
      }
    }
    return state.getResults() == null ? Map.of() : state.getResults();
  }

  /** What condition expressions see: every finished node's phase and results. */
  Map<String, ConditionExpression.FinishedNode> finished() {
    var finished = new LinkedHashMap<String, ConditionExpression.FinishedNode>();
    states.forEach((name, state) -> {
      if (WorkflowRun.isTerminal(state.getPhase())) {
        finished.put(name, new ConditionExpression.FinishedNode(state.getPhase().name(), results(name)));
      }
    });
    return finished;
  }

  private static String require(String value, String ref) {
    if (value == null) {
      throw new UnresolvedReference("$(" + ref + ") has no value");
    }
    return value;
  }
}
