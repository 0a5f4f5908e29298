package dev.anvil.operator.workflow;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.Pipeline;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowNode;
import dev.anvil.crds.v1alpha1.WorkflowSpec;
import dev.anvil.operator.workflow.calls.ConditionExpression;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Attempts of one node, as WorkflowRun hands them to a node runner, for the node library's unit tests. */
public final class TestAttempts {

  public static final String NAMESPACE = "lab";
  public static final String UID = "9b1c2d3e-uid";

  private TestAttempts() {
  }

  /** Workflow {@code wf} in namespace lab holding {@code nodes}. */
  public static Workflow workflow(WorkflowNode... nodes) {
    var workflow = new Workflow();
    workflow.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName("wf").withUid(UID).build());
    var spec = new WorkflowSpec();
    spec.setNodes(new ArrayList<>(List.of(nodes)));
    workflow.setSpec(spec);
    return workflow;
  }

  /** An attempt of {@code node} of {@code workflow} with the given children in the informer caches. */
  public static NodeAttempt attempt(Workflow workflow, WorkflowNode node, WorkflowServices services, int execution,
      int attempt, Instant start, Instant now, List<Job> jobs, List<Pipeline> pipelines) {
    return new NodeAttempt(workflow, node, execution, attempt, start, now, services,
        new WorkflowChildren(jobs, pipelines), Map.of(), Map::<String, ConditionExpression.FinishedNode>of);
  }

  public static NodeAttempt attempt(Workflow workflow, WorkflowNode node, WorkflowServices services, Instant now) {
    return attempt(workflow, node, services, 1, 1, now, now, List.of(), List.of());
  }
}
