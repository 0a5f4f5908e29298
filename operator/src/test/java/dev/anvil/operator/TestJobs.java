package dev.anvil.operator;

import dev.anvil.crds.v1alpha1.Backoff;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobSpec;
import dev.anvil.crds.v1alpha1.RetryPolicy;
import dev.anvil.testing.KubeletStandIn;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.List;
import java.util.Map;

/** Builds Pod Jobs for tests; what the Pod does is told to the kubelet stand-in through annotations. */
public final class TestJobs {

  private TestJobs() {
  }

  /** A Pod Job whose attempts exit with {@code exitCodes} (one per attempt, see {@link KubeletStandIn}). */
  public static Job podJob(String namespace, String name, String exitCodes, long runMillis) {
    var job = new Job();
    job.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    var spec = new JobSpec();
    spec.setTemplate(new PodTemplateSpecBuilder()
        .withNewMetadata().withAnnotations(Map.of(KubeletStandIn.EXIT_CODES, exitCodes,
            KubeletStandIn.RUN_MILLIS, Long.toString(runMillis))).endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("busybox:1.36")
        .withCommand("sh", "-c", "echo hello").endContainer().endSpec()
        .build());
    job.setSpec(spec);
    return job;
  }

  /** An Agent Job running {@code script} on any agent. */
  public static Job agentJob(String namespace, String name, String script) {
    var job = new Job();
    job.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    var spec = new JobSpec();
    spec.setExecutor(dev.anvil.crds.v1alpha1.Executor.Agent.name());
    var task = new dev.anvil.crds.v1alpha1.AgentTask();
    task.setScript(script);
    spec.setAgent(task);
    job.setSpec(spec);
    return job;
  }

  /** A retry policy with a short backoff, so tests do not wait. */
  public static RetryPolicy retry(int limit, String... on) {
    var retry = new RetryPolicy();
    retry.setLimit(limit);
    var backoff = new Backoff();
    backoff.setInitial("50ms");
    backoff.setMax("200ms");
    retry.setBackoff(backoff);
    if (on.length > 0) {
      retry.setReasons(List.of(on));
    }
    return retry;
  }
}
