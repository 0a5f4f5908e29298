package dev.anvil.operator.workflow.nodes;

import dev.anvil.crds.v1alpha1.Durations;
import dev.anvil.crds.v1alpha1.Pipeline;
import dev.anvil.crds.v1alpha1.PipelineStatus;
import dev.anvil.crds.v1alpha1.RunPhase;
import dev.anvil.operator.pipeline.PipelineDecision;
import dev.anvil.operator.status.Conditions;
import dev.anvil.operator.workflow.NodeAttempt;
import dev.anvil.operator.workflow.NodeRunner;
import dev.anvil.operator.workflow.NodeStep;
import dev.anvil.operator.workflow.WorkflowChildren;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;

/**
 * A {@code pipeline} node: one child Pipeline. The node's retry policy goes to every task without its own, so only
 * failed tasks run again; the node's timeout becomes the Pipeline's. Results stay in the Pipeline's status.
 */
public final class PipelineRunner implements NodeRunner {

  @Override
  public NodeStep step(NodeAttempt attempt) {
    var child = attempt.children().pipeline(attempt.childName());
    if (child == null) {
      return ChildCreation.create(attempt, build(attempt), "Pipeline");
    }
    var status = child.getStatus();
    var phase = status == null || status.getPhase() == null ? RunPhase.Pending : status.getPhase();
    if (phase == RunPhase.Succeeded) {
      return new NodeStep.Succeeded(Map.of());
    }
    if (phase == RunPhase.Failed) {
      var condition = Conditions.find(status.getConditions(), PipelineStatus.SUCCEEDED);
      return new NodeStep.Failed(condition == null ? "PipelineFailed" : condition.getReason(), "Pipeline "
          + child.getMetadata().getName() + " failed" + (condition == null ? "" : ": " + condition.getMessage()), false);
    }
    return new NodeStep.Running("Pipeline " + child.getMetadata().getName() + " is " + phase
        + (status == null || status.getProgress() == null ? "" : " (" + status.getProgress() + ")"), null);
  }

  @Override
  public void stop(NodeAttempt attempt, String why) {
    var child = attempt.children().pipeline(attempt.childName());
    if (child == null || PipelineDecision.isFinished(child.getStatus())) {
      return;
    }
    try {
      attempt.services().client().resources(Pipeline.class).inNamespace(attempt.namespace())
          .withName(child.getMetadata().getName()).edit(p -> {
            p.getMetadata().getAnnotations().put(PipelineDecision.STOP_ANNOTATION, why);
            return p;
          });
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private static Pipeline build(NodeAttempt attempt) {
    var node = attempt.node();
    var spec = node.getPipeline();
    if (node.getRetry() != null && spec.getTasks() != null) {
      spec.getTasks().stream().filter(t -> t.getRetry() == null).forEach(t -> t.setRetry(node.getRetry()));
    }
    if (node.getTimeout() != null) {
      var own = spec.getTimeout();
      var nodeTimeout = Durations.parse(node.getTimeout());
      if (own == null || Durations.parse(own).compareTo(nodeTimeout) > 0) {
        spec.setTimeout(node.getTimeout());
      }
    }
    var pipeline = new Pipeline();
    pipeline.setMetadata(WorkflowChildren.metadata(attempt.workflow(), node.getName(), attempt.childName()));
    pipeline.setSpec(spec);
    return pipeline;
  }
}
