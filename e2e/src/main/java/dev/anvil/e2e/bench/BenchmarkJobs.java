package dev.anvil.e2e.bench;

import dev.anvil.crds.v1alpha1.AgentTask;
import dev.anvil.crds.v1alpha1.Attempt;
import dev.anvil.crds.v1alpha1.Executor;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobSpec;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.e2e.platform.AgentStack;
import dev.anvil.operator.job.AttemptPods;
import dev.anvil.operator.status.Conditions;
import dev.anvil.testing.KubeletStandIn;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The Jobs a benchmark submits, and the bare API writes one such Job costs when operator and kubelet are left out. */
final class BenchmarkJobs {

  private static final String DATACENTER_LABEL = "anvil.dev/datacenter";

  private BenchmarkJobs() {
  }

  /** A Pod Job the kubelet stand-in completes at once with exit code 0. */
  static Job podJob(String namespace, String name) {
    var job = new Job();
    job.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    var spec = new JobSpec();
    spec.setTemplate(new PodTemplateSpecBuilder()
        .withNewMetadata().withAnnotations(Map.of(KubeletStandIn.EXIT_CODES, "0", KubeletStandIn.RUN_MILLIS, "0"))
        .endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("busybox:1.36")
        .withCommand("sh", "-c", "echo hello").endContainer().endSpec()
        .build());
    job.setSpec(spec);
    return job;
  }

  /** An Agent Job running {@code command} on an agent of the embedded platform's datacenter. */
  static Job agentJob(String namespace, String name, List<String> command) {
    var task = new AgentTask();
    task.setCommand(command);
    task.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of(DATACENTER_LABEL, AgentStack.DATACENTER))
        .build());
    var spec = new JobSpec();
    spec.setExecutor(Executor.Agent.name());
    spec.setAgent(task);
    var job = new Job();
    job.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    job.setSpec(spec);
    return job;
  }

  /** An Agent Job whose command is {@code true}: nothing but the platform's own cost. */
  static Job trivialAgentJob(String namespace, String name) {
    return agentJob(namespace, name, List.of("true"));
  }

  /**
   * The requests the operator and the kubelet stand-in send for one successful Job, in their order, without either:
   * create the Job; create its Pod; the kubelet's get + status patch to Running; the Job's Running status (PUT);
   * the kubelet's get + status patch to Succeeded; the Job's Succeeded status (PUT); two Events.
   */
  static void bareWrites(KubernetesClient client, String namespace, String name) {
    var job = client.resource(podJob(namespace, name)).create();
    var pod = client.pods().inNamespace(namespace).resource(AttemptPods.build(job, 1, null)).create();
    var now = Instant.now();
    kubeletWrites(client, pod, running(pod, now));
    var attempt = new Attempt(1, now.toString());
    attempt.setPod(pod.getMetadata().getName());
    var status = firstAttempt(job, attempt, now);
    job = runningStatus(client, job, status, now);
    event(client, job, "AttemptStarted");

    var end = Instant.now();
    kubeletWrites(client, pod, succeeded(pod, end));
    succeededStatus(client, job, status, attempt, end);
    event(client, job, "Succeeded");
  }

  /**
   * The API requests the operator sends for one successful Agent Job, in its order, without operator or agent:
   * create the Job; its status with the attempt sent to an agent (PUT, Pending); an Event; the Running status (PUT);
   * the Succeeded status (PUT); an Event. The agent bus's Redis commands are not part of it.
   */
  static void bareAgentWrites(KubernetesClient client, String namespace, String name) {
    var job = client.resource(trivialAgentJob(namespace, name)).create();
    var now = Instant.now();
    var attempt = new Attempt(1, now.toString());
    attempt.setAgent("local-agent");
    var status = firstAttempt(job, attempt, now);
    status.setAdmittedTime(now.toString());
    status.setPhase(JobPhase.Pending);
    var generation = job.getMetadata().getGeneration();
    var message = "attempt 1 was sent to agent local-agent, which has not started it yet";
    Conditions.set(status.getConditions(), JobStatus.RUNNING, Conditions.FALSE, "AgentStarting", message, generation,
        now);
    Conditions.set(status.getConditions(), JobStatus.SUCCEEDED, Conditions.UNKNOWN, "AgentStarting", message,
        generation, now);
    job.setStatus(status);
    job = client.resource(job).updateStatus();
    event(client, job, "AttemptStarted");
    job = runningStatus(client, job, status, now);
    succeededStatus(client, job, status, attempt, Instant.now());
    event(client, job, "Succeeded");
  }

  private static JobStatus firstAttempt(Job job, Attempt attempt, Instant now) {
    var status = new JobStatus();
    status.getAttempts().add(attempt);
    status.setStartTime(now.toString());
    status.setObservedGeneration(job.getMetadata().getGeneration());
    status.setAttempt(1);
    return status;
  }

  private static Job runningStatus(KubernetesClient client, Job job, JobStatus status, Instant now) {
    status.setPhase(JobPhase.Running);
    Conditions.set(status.getConditions(), JobStatus.RUNNING, Conditions.TRUE, "AttemptRunning", "attempt 1 runs",
        job.getMetadata().getGeneration(), now);
    Conditions.set(status.getConditions(), JobStatus.SUCCEEDED, Conditions.UNKNOWN, "AttemptRunning",
        "attempt 1 runs", job.getMetadata().getGeneration(), now);
    job.setStatus(status);
    return client.resource(job).updateStatus();
  }

  private static void succeededStatus(KubernetesClient client, Job job, JobStatus status, Attempt attempt,
      Instant end) {
    attempt.setFinishTime(end.toString());
    attempt.setExitCode(0);
    attempt.setReason(Attempt.COMPLETED);
    status.setPhase(JobPhase.Succeeded);
    status.setCompletionTime(end.toString());
    Conditions.set(status.getConditions(), JobStatus.SUCCEEDED, Conditions.TRUE, Attempt.COMPLETED,
        "attempt 1 succeeded", job.getMetadata().getGeneration(), end);
    Conditions.set(status.getConditions(), JobStatus.RUNNING, Conditions.FALSE, Attempt.COMPLETED,
        "attempt 1 succeeded", job.getMetadata().getGeneration(), end);
    job.setStatus(status);
    client.resource(job).updateStatus();
  }

  /** What {@link KubeletStandIn} does per status change: read the Pod, then patch its status. */
  private static void kubeletWrites(KubernetesClient client, Pod pod, PodStatus status) {
    var current = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
    current.getSpec().setNodeName("stand-in-node");
    current.setStatus(status);
    client.pods().resource(current).patchStatus();
  }

  private static PodStatus running(Pod pod, Instant now) {
    return new PodStatusBuilder().withPhase("Running").withStartTime(now.toString()).withHostIP("127.0.0.1")
        .withPodIP("127.0.0.1").withContainerStatuses(new ContainerStatusBuilder().withName("main")
            .withImage("busybox:1.36").withReady(true)
            .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(now.toString()).endRunning().build())
            .build())
        .build();
  }

  private static PodStatus succeeded(Pod pod, Instant now) {
    return new PodStatusBuilder().withPhase("Succeeded").withContainerStatuses(new ContainerStatusBuilder()
            .withName("main").withImage("busybox:1.36").withReady(false)
            .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(0).withReason("Completed")
                .withStartedAt(now.toString()).withFinishedAt(now.toString()).endTerminated().build())
            .build())
        .build();
  }

  private static void event(KubernetesClient client, Job job, String reason) {
    var meta = job.getMetadata();
    var now = Instant.now().toString();
    client.v1().events().inNamespace(meta.getNamespace()).resource(new EventBuilder()
        .withNewMetadata().withName(meta.getName() + "." + Long.toHexString(System.nanoTime()))
        .withNamespace(meta.getNamespace()).endMetadata()
        .withNewInvolvedObject().withApiVersion(job.getApiVersion()).withKind(job.getKind()).withName(meta.getName())
        .withNamespace(meta.getNamespace()).withUid(meta.getUid()).endInvolvedObject()
        .withType("Normal").withReason(reason).withMessage("attempt 1 " + reason)
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .withNewSource().withComponent("anvil-operator").endSource()
        .withReportingComponent("anvil.dev/operator").withReportingInstance("bench")
        .build()).create();
  }
}
