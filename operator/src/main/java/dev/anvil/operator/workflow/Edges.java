package dev.anvil.operator.workflow;

import dev.anvil.crds.v1alpha1.NodeDependency;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.crds.v1alpha1.WorkflowNodeState;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What a pending node's dependencies allow: wait, skip (and why), or run. */
final class Edges {

  /** The verdict on a pending node's dependencies. */
  record Verdict(boolean waits, String unmet, String blockedByDeadLetter) {

    static final Verdict RUN = new Verdict(false, null, null);
  }

  private Edges() {
  }

  static Verdict judge(WorkflowShape shape, String node, Map<String, WorkflowNodeState> states) {
    String unmet = null;
    String blocked = null;
    boolean waits = false;
    for (var dep : shape.dependencies(node)) {
      var upstream = states.get(dep.getNode()).getPhase();
      var wanted = dep.getOutcome() == null ? NodeDependency.Outcome.Succeeded : dep.getOutcome();
      if (!WorkflowRun.isTerminal(upstream)) {
        waits = true;
      } else if (upstream == StepPhase.DeadLettered && wanted == NodeDependency.Outcome.Succeeded) {
        waits = true; // a replay may still make it succeed
        blocked = dep.getNode();
      } else if (!satisfies(upstream, wanted) && unmet == null) {
        unmet = "needs " + dep.getNode() + " to have " + (wanted == NodeDependency.Outcome.Succeeded ? "succeeded" : "failed")
            + ", it " + upstream.name().toLowerCase();
      }
    }
    return new Verdict(waits, waits ? null : unmet, blocked);
  }

  private static boolean satisfies(StepPhase upstream, NodeDependency.Outcome wanted) {
    return switch (wanted) {
      case Always -> true;
      case Succeeded -> upstream == StepPhase.Succeeded;
      case Failed -> upstream == StepPhase.Failed || upstream == StepPhase.DeadLettered;
    };
  }

  /**
   * The nodes that still run after {@code failed} nodes failed the Workflow: those waiting on one of them with
   * outcome: Failed or Always, and everything downstream of those.
   */
  static Set<String> handlers(WorkflowShape shape, Set<String> failed) {
    var handlers = new HashSet<String>();
    var queue = new ArrayDeque<String>();
    for (var name : shape.nodes.keySet()) {
      boolean handles = shape.dependencies(name).stream().anyMatch(d -> failed.contains(d.getNode())
          && d.getOutcome() != null && d.getOutcome() != NodeDependency.Outcome.Succeeded);
      if (handles && handlers.add(name)) {
        queue.add(name);
      }
    }
    while (!queue.isEmpty()) {
      var next = queue.poll();
      for (var name : shape.nodes.keySet()) {
        if (shape.graph.upstream(name).contains(next) && handlers.add(name)) {
          queue.add(name);
        }
      }
    }
    return handlers;
  }
}
