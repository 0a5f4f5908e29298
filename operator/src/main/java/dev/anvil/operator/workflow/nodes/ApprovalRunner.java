package dev.anvil.operator.workflow.nodes;

import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.operator.workflow.NodeAttempt;
import dev.anvil.operator.workflow.NodeRunner;
import dev.anvil.operator.workflow.NodeStep;
import java.util.Map;

/**
 * An {@code approval} node: waits until the Workflow carries the annotation {@code approve.anvil.dev/<node>} with the
 * value {@code approved}, or fails when it says {@code rejected} (optionally {@code rejected: <why>}).
 */
public final class ApprovalRunner implements NodeRunner {

  @Override
  public NodeStep step(NodeAttempt attempt) {
    var name = attempt.node().getName();
    var annotations = attempt.workflow().getMetadata().getAnnotations();
    var answer = annotations == null ? null : annotations.get(Workflow.APPROVAL_ANNOTATION_PREFIX + name);
    if (answer != null && answer.trim().equalsIgnoreCase("approved")) {
      return new NodeStep.Succeeded(Map.of("approved", "true"));
    }
    if (answer != null && answer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("rejected")) {
      var why = answer.trim().substring("rejected".length()).replaceFirst("^[:\\s]+", "");
      return new NodeStep.Failed("Rejected", why.isEmpty() ? "rejected" : "rejected: " + why, false);
    }
    var question = attempt.node().getApproval().getMessage();
    return new NodeStep.Waiting("waiting for approval" + (question == null ? "" : " (" + question + ")")
        + ": kubectl annotate workflow " + attempt.workflow().getMetadata().getName() + " " + Workflow.APPROVAL_ANNOTATION_PREFIX
        + name + "=approved", null);
  }
}
