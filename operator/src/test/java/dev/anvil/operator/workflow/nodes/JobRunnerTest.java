package dev.anvil.operator.workflow.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.AgentTask;
import dev.anvil.crds.v1alpha1.Executor;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobSpec;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.crds.v1alpha1.RetryPolicy;
import dev.anvil.crds.v1alpha1.WorkflowNode;
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

/** The job node against the mock API in CRUD mode: the child it creates, how its phases map, how it stops. */
class JobRunnerTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  @RegisterExtension
  static final SharedKubeApi KUBE = new SharedKubeApi();
  private final JobRunner runner = new JobRunner();
  private WorkflowServices services;



  @BeforeEach
  void clean() {
    KUBE.client().resources(Job.class).inNamespace(TestAttempts.NAMESPACE).delete();
    services = new WorkflowServices(KUBE.client(), null, new InFlightCalls(), null, null, null, id -> {
    });
  }

  private static WorkflowNode node() {
    var spec = new JobSpec();
    spec.setExecutor(Executor.Agent.name());
    var agent = new AgentTask();
    agent.setScript("make build");
    spec.setAgent(agent);
    spec.setTtlSecondsAfterFinished(60L);
    spec.setActiveDeadlineSeconds(3600L);
    var node = new WorkflowNode("build");
    node.setJob(spec);
    var retry = new RetryPolicy();
    retry.setLimit(3);
    node.setRetry(retry);
    node.setTimeout("90s");
    return node;
  }

  private NodeAttempt attempt(WorkflowNode node, int execution, Job... cached) {
    var workflow = TestAttempts.workflow(node);
    return TestAttempts.attempt(workflow, node, services, execution, 1, NOW, NOW, List.of(cached), List.of());
  }

  private static Job job(String name, JobPhase phase) {
    var job = new Job();
    job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(TestAttempts.NAMESPACE).build());
    job.setSpec(node().getJob());
    if (phase != null) {
      var status = new JobStatus();
      status.setPhase(phase);
      job.setStatus(status);
    }
    return job;
  }

  @Test
  void createsTheChildJobWithLabelsOwnerRetryAndTimeout() {
    var node = node();
    var step = runner.step(attempt(node, 1));
    assertThat(step).isEqualTo(new NodeStep.Running("started Job wf-build", null));

    var created = KUBE.client().resources(Job.class).inNamespace(TestAttempts.NAMESPACE).withName("wf-build").get();
    assertThat(created.getMetadata().getLabels()).containsEntry(WorkflowChildren.WORKFLOW_LABEL, "wf")
        .containsEntry(WorkflowChildren.WORKFLOW_UID_LABEL, TestAttempts.UID)
        .containsEntry(WorkflowChildren.NODE_LABEL, "build");
    var owner = created.getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getUid()).isEqualTo(TestAttempts.UID);
    assertThat(owner.getKind()).isEqualTo("Workflow");
    assertThat(owner.getController()).isTrue();
    assertThat(created.getSpec().getRetry().getLimit()).isEqualTo(3);
    assertThat(created.getSpec().getActiveDeadlineSeconds()).as("the node's shorter timeout wins").isEqualTo(90L);
    assertThat(created.getSpec().getTtlSecondsAfterFinished()).as("lives as long as its Workflow").isNull();
    assertThat(created.getSpec().getAgent().getScript()).isEqualTo("make build");
  }

  @Test
  void aJobsOwnShorterDeadlineIsKeptAndAReplayGetsItsOwnChild() {
    var node = node();
    node.getJob().setActiveDeadlineSeconds(30L);
    node.setRetry(null);
    runner.step(attempt(node, 2));
    var created = KUBE.client().resources(Job.class).inNamespace(TestAttempts.NAMESPACE).withName("wf-build-r2").get();
    assertThat(created).isNotNull();
    assertThat(created.getSpec().getActiveDeadlineSeconds()).isEqualTo(30L);
    assertThat(created.getSpec().getRetry()).isNull();
  }

  @Test
  void phasesOfTheJobMapToTheNode() {
    assertThat(runner.step(attempt(node(), 1, job("wf-build", null))))
        .isEqualTo(new NodeStep.Running("Job wf-build is Pending", null));
    assertThat(runner.step(attempt(node(), 1, job("wf-build", JobPhase.Retrying))))
        .isEqualTo(new NodeStep.Running("Job wf-build is Retrying", null));
    assertThat(runner.step(attempt(node(), 1, job("wf-build", JobPhase.Succeeded))))
        .isEqualTo(new NodeStep.Succeeded(Map.of()));

    var failed = job("wf-build", JobPhase.Failed);
    Conditions.set(failed.getStatus().getConditions(), JobStatus.SUCCEEDED, Conditions.FALSE, "BackoffLimitExceeded",
        "4 attempts failed", 1L, NOW);
    assertThat(runner.step(attempt(node(), 1, failed))).isEqualTo(new NodeStep.Failed("BackoffLimitExceeded",
        "Job wf-build failed: 4 attempts failed", false));
    assertThat(runner.step(attempt(node(), 1, job("wf-build", JobPhase.Failed))))
        .isEqualTo(new NodeStep.Failed("JobFailed", "Job wf-build failed", false));
    assertThat(KUBE.client().resources(Job.class).inNamespace(TestAttempts.NAMESPACE).list().getItems())
        .as("an existing child is never created again").isEmpty();
  }

  @Test
  void ourOwnEarlierCreateIsFineButSomeoneElsesJobFailsTheNode() {
    runner.step(attempt(node(), 1));
    var again = runner.step(attempt(node(), 1)); // the informer has not seen it yet
    assertThat(again).isInstanceOf(NodeStep.Running.class);

    var foreign = job("wf-build", null);
    foreign.getMetadata().setName("wf-build-r3");
    foreign.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("anvil.dev/v1alpha1")
        .withKind("Workflow").withName("other").withUid("other-uid").build()));
    KUBE.client().resource(foreign).create();
    assertThat(runner.step(attempt(node(), 3))).isEqualTo(new NodeStep.Failed("NameTaken",
        "a Job named wf-build-r3 already exists and is not this Workflow's", false));
  }

  @Test
  void aJobTheApiRefusesFailsTheNodeWithInvalidSpec() {
    KUBE.api().server().expect().post().withPath("/apis/anvil.dev/v1alpha1/namespaces/lab/jobs")
        .andReturn(422, new StatusBuilder().withStatus("Failure").withCode(422).withReason("Invalid")
            .withMessage("Job.anvil.dev \"wf-build\" is invalid: spec.agent.script: Required value").build())
        .once();
    var step = (NodeStep.Failed) runner.step(attempt(node(), 1));
    assertThat(step.reason()).isEqualTo("InvalidSpec");
    assertThat(step.message()).startsWith("the API refused its Job: ").contains("spec.agent.script: Required value");
    assertThat(step.retryable()).isFalse();
  }

  @Test
  void stopSuspendsAndAnnotatesARunningJobOnly() {
    var running = KUBE.client().resource(job("wf-build", JobPhase.Running)).create();
    runner.stop(attempt(node(), 1, running), "the Workflow failed (node x)");
    var stopped = KUBE.client().resources(Job.class).inNamespace(TestAttempts.NAMESPACE).withName("wf-build").get();
    assertThat(stopped.getSpec().getSuspend()).isTrue();
    assertThat(stopped.getMetadata().getAnnotations())
        .containsEntry(WorkflowChildren.STOPPED_ANNOTATION, "the Workflow failed (node x)");

    var done = KUBE.client().resource(job("wf-build-r2", null)).create();
    done.setStatus(new JobStatus());
    done.getStatus().setPhase(JobPhase.Succeeded);
    runner.stop(attempt(node(), 2, done), "timeout");
    assertThat(KUBE.client().resources(Job.class).inNamespace(TestAttempts.NAMESPACE).withName("wf-build-r2").get()
        .getSpec().getSuspend()).isNull();

    runner.stop(attempt(node(), 4), "nothing to stop");
    runner.stop(attempt(node(), 5, job("wf-build-r5", JobPhase.Running)), "deleted meanwhile");
  }

}
