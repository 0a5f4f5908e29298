package dev.anvil.operator.workflow.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.AgentTask;
import dev.anvil.crds.v1alpha1.Executor;
import dev.anvil.crds.v1alpha1.JobSpec;
import dev.anvil.crds.v1alpha1.Param;
import dev.anvil.crds.v1alpha1.Pipeline;
import dev.anvil.crds.v1alpha1.PipelineSpec;
import dev.anvil.crds.v1alpha1.PipelineStatus;
import dev.anvil.crds.v1alpha1.PipelineTask;
import dev.anvil.crds.v1alpha1.RetryPolicy;
import dev.anvil.crds.v1alpha1.RunPhase;
import dev.anvil.crds.v1alpha1.WorkflowNode;
import dev.anvil.operator.pipeline.PipelineDecision;
import dev.anvil.operator.status.Conditions;
import dev.anvil.operator.workflow.InFlightCalls;
import dev.anvil.operator.workflow.NodeAttempt;
import dev.anvil.operator.workflow.NodeStep;
import dev.anvil.operator.workflow.TestAttempts;
import dev.anvil.operator.workflow.WorkflowChildren;
import dev.anvil.operator.workflow.WorkflowServices;
import dev.anvil.testing.SharedKubeApi;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pipeline node against the mock API in CRUD mode: the child it creates, how its phases map, how it stops. */
class PipelineRunnerTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  @RegisterExtension
  static final SharedKubeApi KUBE = new SharedKubeApi();
  private final PipelineRunner runner = new PipelineRunner();
  private WorkflowServices services;



  @BeforeEach
  void clean() {
    KUBE.client().resources(Pipeline.class).inNamespace(TestAttempts.NAMESPACE).delete();
    services = new WorkflowServices(KUBE.client(), null, new InFlightCalls(), null, null, null, id -> {
    });
  }

  private static RetryPolicy retry(int limit) {
    var retry = new RetryPolicy();
    retry.setLimit(limit);
    return retry;
  }

  private static PipelineTask task(String name) {
    var spec = new JobSpec();
    spec.setExecutor(Executor.Agent.name());
    var agent = new AgentTask();
    agent.setScript("echo $(params.target)");
    spec.setAgent(agent);
    return new PipelineTask(name, spec);
  }

  private static WorkflowNode node() {
    var own = task("test");
    own.setRetry(retry(1));
    var spec = new PipelineSpec();
    spec.setParams(List.of(new Param("target", "all")));
    spec.setTasks(List.of(task("build"), own));
    spec.setTimeout("2h");
    var node = new WorkflowNode("ci");
    node.setPipeline(spec);
    node.setRetry(retry(4));
    node.setTimeout("30m");
    return node;
  }

  private NodeAttempt attempt(WorkflowNode node, int execution, Pipeline... cached) {
    return TestAttempts.attempt(TestAttempts.workflow(node), node, services, execution, 1, NOW, NOW, List.of(),
        List.of(cached));
  }

  private static Pipeline pipeline(String name, RunPhase phase) {
    var pipeline = new Pipeline();
    pipeline.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(TestAttempts.NAMESPACE).build());
    pipeline.setSpec(node().getPipeline());
    if (phase != null) {
      var status = new PipelineStatus();
      status.setPhase(phase);
      pipeline.setStatus(status);
    }
    return pipeline;
  }

  private Pipeline stored(String name) {
    return KUBE.client().resources(Pipeline.class).inNamespace(TestAttempts.NAMESPACE).withName(name).get();
  }

  @Test
  void createsTheChildPipelineWithLabelsOwnerRetriesAndTimeout() {
    assertThat(runner.step(attempt(node(), 1))).isEqualTo(new NodeStep.Running("started Pipeline wf-ci", null));
    var created = stored("wf-ci");
    assertThat(created.getMetadata().getLabels()).containsEntry(WorkflowChildren.NODE_LABEL, "ci")
        .containsEntry(WorkflowChildren.WORKFLOW_UID_LABEL, TestAttempts.UID);
    assertThat(created.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(TestAttempts.UID));
    var tasks = created.getSpec().getTasks();
    assertThat(tasks.get(0).getRetry().getLimit()).as("the node's retry goes to tasks without one").isEqualTo(4);
    assertThat(tasks.get(1).getRetry().getLimit()).as("a task's own retry stays").isEqualTo(1);
    assertThat(created.getSpec().getTimeout()).as("the node's shorter timeout wins").isEqualTo("30m");
    assertThat(tasks.get(0).getJob().getAgent().getScript()).as("the Pipeline's own params are left to it")
        .isEqualTo("echo $(params.target)");
  }

  @Test
  void aPipelinesOwnShorterTimeoutStaysAndAReplayGetsItsOwnChild() {
    var node = node();
    node.getPipeline().setTimeout("10m");
    runner.step(attempt(node, 2));
    assertThat(stored("wf-ci-r2").getSpec().getTimeout()).isEqualTo("10m");
  }

  @Test
  void phasesOfThePipelineMapToTheNode() {
    assertThat(runner.step(attempt(node(), 1, pipeline("wf-ci", null))))
        .isEqualTo(new NodeStep.Running("Pipeline wf-ci is Pending", null));
    var running = pipeline("wf-ci", RunPhase.Running);
    running.getStatus().setProgress("1/2");
    assertThat(runner.step(attempt(node(), 1, running)))
        .isEqualTo(new NodeStep.Running("Pipeline wf-ci is Running (1/2)", null));
    assertThat(runner.step(attempt(node(), 1, pipeline("wf-ci", RunPhase.Succeeded))))
        .isEqualTo(new NodeStep.Succeeded(Map.of()));
    var failed = pipeline("wf-ci", RunPhase.Failed);
    Conditions.set(failed.getStatus().getConditions(), PipelineStatus.SUCCEEDED, Conditions.FALSE, "TaskFailed",
        "task test failed", 1L, NOW);
    assertThat(runner.step(attempt(node(), 1, failed)))
        .isEqualTo(new NodeStep.Failed("TaskFailed", "Pipeline wf-ci failed: task test failed", false));
    assertThat(runner.step(attempt(node(), 1, pipeline("wf-ci", RunPhase.Failed))))
        .isEqualTo(new NodeStep.Failed("PipelineFailed", "Pipeline wf-ci failed", false));
  }

  @Test
  void ourOwnEarlierCreateIsFineButSomeoneElsesPipelineFailsTheNode() {
    runner.step(attempt(node(), 1));
    assertThat(runner.step(attempt(node(), 1))).isInstanceOf(NodeStep.Running.class);

    var foreign = pipeline("wf-ci-r2", null);
    foreign.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("anvil.dev/v1alpha1")
        .withKind("Workflow").withName("other").withUid("other-uid").build()));
    KUBE.client().resource(foreign).create();
    assertThat(runner.step(attempt(node(), 2))).isEqualTo(new NodeStep.Failed("NameTaken",
        "a Pipeline named wf-ci-r2 already exists and is not this Workflow's", false));
  }

  @Test
  void aPipelineTheApiRefusesFailsTheNodeWithInvalidSpec() {
    KUBE.api().server().expect().post().withPath("/apis/anvil.dev/v1alpha1/namespaces/lab/pipelines")
        .andReturn(422, new StatusBuilder().withStatus("Failure").withCode(422).withReason("Invalid")
            .withMessage("Pipeline.anvil.dev \"wf-ci\" is invalid: spec.tasks: Too many").build())
        .once();
    assertThat(runner.step(attempt(node(), 1))).isEqualTo(new NodeStep.Failed("InvalidSpec",
        "the API refused its Pipeline: Pipeline.anvil.dev \"wf-ci\" is invalid: spec.tasks: Too many", false));
  }

  @Test
  void stopAsksARunningPipelineToStopOnly() {
    var running = KUBE.client().resource(pipeline("wf-ci", null)).create();
    runner.stop(attempt(node(), 1, running), "the Workflow's timeout of 1h passed");
    assertThat(stored("wf-ci").getMetadata().getAnnotations())
        .containsEntry(PipelineDecision.STOP_ANNOTATION, "the Workflow's timeout of 1h passed");

    var done = KUBE.client().resource(pipeline("wf-ci-r2", null)).create();
    done.setStatus(new PipelineStatus());
    done.getStatus().setPhase(RunPhase.Failed);
    runner.stop(attempt(node(), 2, done), "late");
    assertThat(stored("wf-ci-r2").getMetadata().getAnnotations()).doesNotContainKey(PipelineDecision.STOP_ANNOTATION);

    runner.stop(attempt(node(), 3), "nothing to stop");
    runner.stop(attempt(node(), 4, pipeline("wf-ci-r4", RunPhase.Running)), "deleted meanwhile");
  }
}
