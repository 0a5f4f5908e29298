package dev.anvil.operator.workflow;

import dev.anvil.crds.v1alpha1.WorkflowNode;
import java.util.ArrayList;
import java.util.List;

/** The node types of the node library; a node sets exactly one of them. */
public enum NodeKind {
  job, pipeline, bmc, http, delay, approval, condition;

  /** The kinds {@code node} sets (exactly one for a valid node). */
  static List<NodeKind> of(WorkflowNode node) {
    var kinds = new ArrayList<NodeKind>();
    if (node.getJob() != null) {
      kinds.add(job);
    }
    if (node.getPipeline() != null) {
      kinds.add(pipeline);
    }
    if (node.getBmc() != null) {
      kinds.add(bmc);
    }
    if (node.getHttp() != null) {
      kinds.add(http);
    }
    if (node.getDelay() != null) {
      kinds.add(delay);
    }
    if (node.getApproval() != null) {
      kinds.add(approval);
    }
    if (node.getCondition() != null) {
      kinds.add(condition);
    }
    return kinds;
  }

  /** Whether a running node of this kind takes a maxParallel slot (waiting ones do not). */
  boolean takesSlot() {
    return this == job || this == pipeline || this == bmc || this == http;
  }

  /** Whether the node's spec (its own field) is the object substitutions apply to. */
  Object specOf(WorkflowNode node) {
    return switch (this) {
      case job -> node.getJob();
      case pipeline -> node.getPipeline();
      case bmc -> node.getBmc();
      case http -> node.getHttp();
      case delay -> node.getDelay();
      case approval -> node.getApproval();
      case condition -> node.getCondition();
    };
  }
}
