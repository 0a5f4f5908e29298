package dev.anvil.operator.workflow.nodes;

import dev.anvil.crds.v1alpha1.Durations;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.operator.status.Conditions;
import dev.anvil.operator.workflow.NodeAttempt;
import dev.anvil.operator.workflow.NodeRunner;
import dev.anvil.operator.workflow.NodeStep;
import dev.anvil.operator.workflow.WorkflowChildren;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;

/**
 * A {@code job} node: one child Job. The node's retry policy becomes the Job's, so the Job retries itself with its
 * backoff; the node fails when the Job failed for good. Results stay in the Job's status.
 */
public final class JobRunner implements NodeRunner {

  @Override
  public NodeStep step(NodeAttempt attempt) {
    var child = attempt.children().job(attempt.childName());
    if (child == null) {
      return ChildCreation.create(attempt, build(attempt), "Job");
    }
    var status = child.getStatus();
    var phase = status == null || status.getPhase() == null ? JobPhase.Pending : status.getPhase();
    return switch (phase) {
      case Succeeded -> new NodeStep.Succeeded(Map.of());
      case Failed -> {
        var condition = Conditions.find(status.getConditions(), JobStatus.SUCCEEDED);
        yield new NodeStep.Failed(condition == null ? "JobFailed" : condition.getReason(),
            "Job " + child.getMetadata().getName() + " failed" + (condition == null ? "" : ": " + condition.getMessage()),
            false);
      }
      default -> new NodeStep.Running("Job " + child.getMetadata().getName() + " is " + phase, null);
    };
  }

  @Override
  public void stop(NodeAttempt attempt, String why) {
    var child = attempt.children().job(attempt.childName());
    if (child == null || child.getStatus() != null && (child.getStatus().getPhase() == JobPhase.Succeeded
        || child.getStatus().getPhase() == JobPhase.Failed)) {
      return;
    }
    try {
      attempt.services().client().resources(Job.class).inNamespace(attempt.namespace())
          .withName(child.getMetadata().getName()).edit(j -> {
            j.getMetadata().getAnnotations().put(WorkflowChildren.STOPPED_ANNOTATION, why);
            j.getSpec().setSuspend(true);
            return j;
          });
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private static Job build(NodeAttempt attempt) {
    var node = attempt.node();
    var spec = node.getJob();
    if (node.getRetry() != null) {
      spec.setRetry(node.getRetry());
    }
    if (node.getTimeout() != null) {
      long seconds = Math.max(1, (Durations.parse(node.getTimeout()).toMillis() + 999) / 1000);
      var own = spec.getActiveDeadlineSeconds();
      spec.setActiveDeadlineSeconds(own == null ? seconds : Math.min(own, seconds));
    }
    spec.setTtlSecondsAfterFinished(null); // the child lives as long as its Workflow
    var job = new Job();
    job.setMetadata(WorkflowChildren.metadata(attempt.workflow(), node.getName(), attempt.childName()));
    job.setSpec(spec);
    return job;
  }
}
