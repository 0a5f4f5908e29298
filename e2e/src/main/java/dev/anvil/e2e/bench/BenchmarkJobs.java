package dev.anvil.e2e.bench;

import dev.anvil.crds.v1alpha1.Attempt;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobSpec;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.operator.job.AttemptPods;
import dev.anvil.operator.status.Conditions;
import dev.anvil.testing.KubeletStandIn;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Map;

/** The Jobs a benchmark submits, and the bare API writes one such Job costs when operator and kubelet are left out. */
final class BenchmarkJobs {

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
    var status = new JobStatus();
    var attempt = new Attempt(1, now.toString());
    attempt.setPod(pod.getMetadata().getName());
    status.getAttempts().add(attempt);
    status.setStartTime(now.toString());
    status.setObservedGeneration(job.getMetadata().getGeneration());
    status.setPhase(JobPhase.Running);
    status.setAttempt(1);
    Conditions.set(status.getConditions(), JobStatus.RUNNING, Conditions.TRUE, "AttemptRunning", "attempt 1 runs",
        job.getMetadata().getGeneration(), now);
    Conditions.set(status.getConditions(), JobStatus.SUCCEEDED, Conditions.UNKNOWN, "AttemptRunning",
        "attempt 1 runs", job.getMetadata().getGeneration(), now);
    job.setStatus(status);
    job = client.resource(job).updateStatus();
    event(client, job, "AttemptStarted");

    var end = Instant.now();
    kubeletWrites(client, pod, succeeded(pod, end));
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
    event(client, job, "Succeeded");
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
