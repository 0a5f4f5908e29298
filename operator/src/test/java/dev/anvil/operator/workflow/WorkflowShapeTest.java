package dev.anvil.operator.workflow;

import static dev.anvil.operator.workflow.TestWorkflows.after;
import static dev.anvil.operator.workflow.TestWorkflows.job;
import static dev.anvil.operator.workflow.TestWorkflows.on;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.AgentTask;
import dev.anvil.crds.v1alpha1.ApprovalNode;
import dev.anvil.crds.v1alpha1.CircuitBreakerPolicy;
import dev.anvil.crds.v1alpha1.ConditionNode;
import dev.anvil.crds.v1alpha1.DelayNode;
import dev.anvil.crds.v1alpha1.Executor;
import dev.anvil.crds.v1alpha1.HttpNode;
import dev.anvil.crds.v1alpha1.JobSpec;
import dev.anvil.crds.v1alpha1.NodeDependency;
import dev.anvil.crds.v1alpha1.Param;
import dev.anvil.crds.v1alpha1.PipelineSpec;
import dev.anvil.crds.v1alpha1.PipelineTask;
import dev.anvil.crds.v1alpha1.WorkflowNode;
import dev.anvil.crds.v1alpha1.WorkflowSpec;
import dev.anvil.operator.workflow.calls.ConditionExpression;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every way a Workflow spec is unrunnable, each named in the InvalidSpec message. */
class WorkflowShapeTest {

  private final ConditionExpression conditions = new ConditionExpression();

  private WorkflowShape shape(WorkflowNode... nodes) {
    return shape(null, nodes);
  }

  private WorkflowShape shape(List<Param> params, WorkflowNode... nodes) {
    var spec = new WorkflowSpec();
    spec.setParams(params);
    spec.setNodes(new ArrayList<>(List.of(nodes)));
    return WorkflowShape.of(spec, conditions);
  }

  private static WorkflowNode http(String name, String url, NodeDependency... deps) {
    var node = new WorkflowNode(name);
    var http = new HttpNode();
    http.setUrl(url);
    node.setHttp(http);
    return after(node, deps);
  }

  private static WorkflowNode delay(String name, String duration, NodeDependency... deps) {
    var node = new WorkflowNode(name);
    node.setDelay(new DelayNode(duration));
    return after(node, deps);
  }

  private static WorkflowNode condition(String name, String expression, List<String> then, List<String> otherwise) {
    var node = new WorkflowNode(name);
    var condition = new ConditionNode();
    condition.setExpression(expression);
    condition.setThen(then);
    condition.setElseNodes(otherwise);
    node.setCondition(condition);
    return node;
  }

  @Test
  void aWellFormedSpecIsIndexed() {
    var shape = shape(List.of(new Param("env", "dev")), http("a", "http://x/$(params.env)"),
        after(condition("c", "nodes.a.results.code == '200'", List.of("b"), null), on("a")),
        delay("b", "1s", on("c")));
    assertThat(shape.problems).isEmpty();
    assertThat(shape.valid()).isTrue();
    assertThat(shape.kinds).containsEntry("a", NodeKind.http).containsEntry("c", NodeKind.condition)
        .containsEntry("b", NodeKind.delay);
    assertThat(shape.params).containsEntry("env", "dev");
    assertThat(shape.branches.get("b")).isEqualTo(java.util.Map.entry("c", true));
    assertThat(shape.upstreamOf("b")).containsExactlyInAnyOrder("a", "c").doesNotContain("b");
  }

  @Test
  void aConditionMayOnlyReadNodesItDependsOn() {
    assertThat(shape(delay("a", "1s"), delay("burn-in", "1s"),
        after(condition("c", "nodes.a.phase == 'Succeeded' && nodes['burn-in'].results.verdict == 'pass'", null, null),
            on("a"))).problems)
        .containsExactly("condition of node c reads nodes.burn-in, which it does not (directly or indirectly) depend "
            + "on: its value would depend on timing");
    assertThat(shape(delay("a", "1s"), after(delay("b", "1s"), on("a")),
        after(condition("c", "has(nodes.a) && nodes.b.phase == 'Succeeded'", null, null), on("b"))).problems)
        .isEmpty();
  }

  @Test
  void missingSpecAndNoNodes() {
    assertThat(WorkflowShape.of(null, conditions).problems).containsExactly("spec is missing");
    assertThat(shape().problems).containsExactly("spec.nodes is empty");
    assertThat(shape(new WorkflowNode()).problems).contains("a node has no name");
  }

  @Test
  void duplicateNamesUnknownDependenciesAndCycles() {
    assertThat(shape(delay("a", "1s"), delay("a", "2s")).problems).containsExactly("duplicate node name(s): a");
    assertThat(shape(delay("a", "1s", on("ghost"))).problems)
        .containsExactly("node a depends on unknown node ghost");
    assertThat(shape(delay("a", "1s", on("a"))).problems).containsExactly("node a depends on itself");
    assertThat(shape(delay("a", "1s", on("b")), delay("b", "1s", on("a"))).problems)
        .containsExactly("dependency cycle among nodes: a, b");
  }

  @Test
  void aNodeSetsExactlyOneKind() {
    assertThat(shape(new WorkflowNode("a")).problems).containsExactly(
        "node a must set exactly one of job, pipeline, bmc, http, delay, approval or condition");
    var two = delay("a", "1s");
    two.setApproval(new ApprovalNode());
    assertThat(shape(two).problems).containsExactly(
        "node a must set exactly one of job, pipeline, bmc, http, delay, approval or condition "
            + "(it sets [delay, approval])");
  }

  @Test
  void circuitBreakersOnlyOnHttpAndBmcNodes() {
    var node = delay("a", "1s");
    node.setCircuitBreaker(new CircuitBreakerPolicy());
    assertThat(shape(node).problems).containsExactly("node a: circuitBreaker applies to http and bmc nodes only");
    var call = http("b", "http://x");
    call.setCircuitBreaker(new CircuitBreakerPolicy());
    assertThat(shape(call).problems).isEmpty();
  }

  @Test
  void conditionBranchesMustDependOnTheConditionAndBeInOneBranch() {
    assertThat(shape(condition("c", "true", List.of("b"), null), delay("b", "1s")).problems)
        .containsExactly("node b is in a branch of condition c but does not depend on it");
    assertThat(shape(condition("c", "true", List.of("ghost"), null)).problems)
        .containsExactly("condition c names unknown node ghost");
    assertThat(shape(condition("c", "true", List.of("b"), List.of("b")), delay("b", "1s", on("c"))).problems)
        .containsExactly("node b is in more than one condition branch");
  }

  @Test
  void badConditionExpressions() {
    assertThat(shape(condition("c", "1 +", null, null)).problems).singleElement().asString()
        .startsWith("condition of node c: expression '1 +' does not compile");
    assertThat(shape(condition("c", "'text'", null, null)).problems).singleElement().asString()
        .startsWith("condition of node c: expression ").endsWith("returns string, not a bool");
    assertThat(shape(condition("c", null, null, null)).problems)
        .containsExactly("condition of node c: the expression is empty");
  }

  @Test
  void referencesOnlyToUpstreamNodesKnownParamsAndContext() {
    assertThat(shape(http("a", "http://x"), http("b", "http://x/$(nodes.a.results.id)")).problems)
        .containsExactly("node b references a, which it does not (directly or indirectly) depend on");
    assertThat(shape(http("a", "http://x"), http("b", "http://x/$(nodes.a.phase)", on("a"))).problems).isEmpty();
    assertThat(shape(http("b", "http://x/$(nodes.ghost.results.id)")).problems)
        .containsExactly("node b references unknown node ghost");
    assertThat(shape(http("a", "http://x"), http("b", "http://x/$(nodes.a.output)", on("a"))).problems)
        .containsExactly("node b has an unknown reference $(nodes.a.output); use $(nodes.<node>.results.<key>) or "
            + "$(nodes.<node>.phase)");
    assertThat(shape(http("a", "http://x/$(params.missing)")).problems)
        .containsExactly("node a references unknown param $(params.missing)");
    assertThat(shape(http("a", "http://x/$(context.workflow.name)/$(context.node.attempt)")).problems).isEmpty();
    assertThat(shape(http("a", "http://x/$(context.pipeline.name)")).problems).singleElement().asString()
        .startsWith("node a references unknown $(context.pipeline.name); known: ");
    assertThat(shape(http("a", "http://x/$(tasks.t.results.r)")).problems)
        .containsExactly("node a has an unknown reference $(tasks.t.results.r)");
  }

  @Test
  void aPipelineNodesOwnParamsAndTaskReferencesAreLeftToThePipeline() {
    var task = new PipelineTask("t", agentJob("echo $(params.own) $(context.pipeline.name) $(context.task.name)"));
    var next = new PipelineTask("u", agentJob("echo $(tasks.t.results.r) $(params.missing)"));
    var pipeline = new PipelineSpec();
    pipeline.setParams(List.of(new Param("own", "x")));
    pipeline.setTasks(List.of(task, next));
    var node = new WorkflowNode("p");
    node.setPipeline(pipeline);
    assertThat(shape(node).problems).containsExactly("node p references unknown param $(params.missing)");
  }

  @Test
  void badDurations() {
    var node = http("a", "http://x");
    node.setTimeout("soon");
    node.getHttp().setTimeout("5 seconds");
    var breaker = new CircuitBreakerPolicy();
    breaker.setWindow("1 minute");
    breaker.setOpenFor("30");
    node.setCircuitBreaker(breaker);
    var spec = new WorkflowSpec();
    spec.setTimeout("1d");
    spec.setNodes(List.of(node, delay("d", "later")));
    assertThat(WorkflowShape.of(spec, conditions).problems).containsExactly(
        "spec.timeout: '1d' is not a duration such as 10s, 1m30s or 500ms",
        "timeout of node a: 'soon' is not a duration such as 10s, 1m30s or 500ms",
        "http.timeout of node a: '5 seconds' is not a duration such as 10s, 1m30s or 500ms",
        "circuitBreaker.window of node a: '1 minute' is not a duration such as 10s, 1m30s or 500ms",
        "circuitBreaker.openFor of node a: '30' is not a duration such as 10s, 1m30s or 500ms",
        "delay of node d: 'later' is not a duration such as 10s, 1m30s or 500ms");
  }

  @Test
  void requiredFieldsTheApiServerMayNotHaveChecked() {
    assertThat(shape(delay("d", null)).problems).containsExactly("delay of node d: duration is required");
    assertThat(shape(http("a", null)).problems).containsExactly("http.url of node a is required");
  }

  @Test
  void paramsWithoutValues() {
    assertThat(shape(List.of(new Param("env", null)), delay("d", "1s")).problems)
        .containsExactly("param env has no value: give it a default");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    var node = job("a", "true", on("ghost"));
    node.setTimeout("soon");
    assertThat(shape(node, new WorkflowNode("b")).problems).hasSize(3);
  }

  private static JobSpec agentJob(String script) {
    var spec = new JobSpec();
    spec.setExecutor(Executor.Agent.name());
    var agent = new AgentTask();
    agent.setScript(script);
    spec.setAgent(agent);
    return spec;
  }
}
