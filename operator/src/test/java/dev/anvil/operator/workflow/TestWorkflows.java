package dev.anvil.operator.workflow;

import dev.anvil.crds.v1alpha1.AgentTask;
import dev.anvil.crds.v1alpha1.Backoff;
import dev.anvil.crds.v1alpha1.Executor;
import dev.anvil.crds.v1alpha1.HttpNode;
import dev.anvil.crds.v1alpha1.JobSpec;
import dev.anvil.crds.v1alpha1.NodeDependency;
import dev.anvil.crds.v1alpha1.RetryPolicy;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowNode;
import dev.anvil.crds.v1alpha1.WorkflowSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;

/** Builds Workflows for tests; job nodes' scripts tell the Job stand-in how they end. */
final class TestWorkflows {

  private TestWorkflows() {
  }

  static Workflow workflow(String namespace, String name, WorkflowNode... nodes) {
    var workflow = new Workflow();
    workflow.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    var spec = new WorkflowSpec();
    spec.setNodes(new ArrayList<>(List.of(nodes)));
    workflow.setSpec(spec);
    return workflow;
  }

  static WorkflowNode job(String name, String script, NodeDependency... dependsOn) {
    var spec = new JobSpec();
    spec.setExecutor(Executor.Agent.name());
    var agent = new AgentTask();
    agent.setScript(script);
    spec.setAgent(agent);
    var node = new WorkflowNode(name);
    node.setJob(spec);
    return after(node, dependsOn);
  }

  static WorkflowNode http(String name, String url, NodeDependency... dependsOn) {
    var spec = new HttpNode();
    spec.setMethod(HttpNode.Method.POST);
    spec.setUrl(url);
    spec.setBody("{\"host\":\"$(context.workflow.name)\"}");
    var node = new WorkflowNode(name);
    node.setHttp(spec);
    return after(node, dependsOn);
  }

  static WorkflowNode after(WorkflowNode node, NodeDependency... dependsOn) {
    if (dependsOn.length > 0) {
      node.setDependsOn(List.of(dependsOn));
    }
    return node;
  }

  static NodeDependency on(String node, NodeDependency.Outcome outcome) {
    return new NodeDependency(node, outcome);
  }

  static NodeDependency on(String node) {
    return new NodeDependency(node, null);
  }

  static RetryPolicy quickRetry(int limit) {
    var retry = new RetryPolicy();
    retry.setLimit(limit);
    var backoff = new Backoff();
    backoff.setInitial("50ms");
    backoff.setMax("200ms");
    backoff.setJitter(0.2);
    retry.setBackoff(backoff);
    return retry;
  }
}
