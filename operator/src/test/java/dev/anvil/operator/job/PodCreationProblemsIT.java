package dev.anvil.operator.job;

import static dev.anvil.operator.TestJobs.podJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.operator.status.Conditions;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.KubeletStandIn;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When the attempt's Pod cannot be created, the Job says why and waits; it neither crashes nor takes a stranger's Pod. */
class PodCreationProblemsIT {

  private EmbeddedKubeApi api;
  private KubernetesClient client;
  private KubeletStandIn kubelet;
  private AnvilOperator operator;

  @BeforeEach
  void start() {
    api = EmbeddedKubeApi.start();
    client = api.newClient();
    kubelet = new KubeletStandIn(client);
    operator = AnvilOperator.start(client, OperatorConfig.local());
  }

  @AfterEach
  void stop() {
    operator.close();
    kubelet.close();
    client.close();
    api.close();
  }

  private Job get(String ns, String name) {
    return client.resources(Job.class).inNamespace(ns).withName(name).get();
  }

  private String runningReason(String ns, String name) {
    var job = get(ns, name);
    var running = job == null || job.getStatus() == null ? null
        : Conditions.find(job.getStatus().getConditions(), JobStatus.RUNNING);
    return running == null ? null : running.getReason();
  }

  @Test
  void aForbiddenPodLeavesTheJobPendingWithTheApiServersReason() {
    api.server().expect().post().withPath("/api/v1/namespaces/locked/pods")
        .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
            .withMessage("pods \"quota-1\" is forbidden: exceeded quota: compute, requested: cpu=1").build())
        .always();
    client.resource(podJob("locked", "quota", "0", 0)).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> "PodCreateForbidden".equals(runningReason("locked", "quota")));
    var job = get("locked", "quota");
    assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Pending);
    assertThat(job.getStatus().getAttempts()).isEmpty();
    assertThat(Conditions.find(job.getStatus().getConditions(), JobStatus.RUNNING).getMessage())
        .contains("exceeded quota: compute");
  }

  @Test
  void aPodOfTheSameNameOwnedBySomeoneElseIsNotTakenForTheAttempt() {
    client.pods().inNamespace("taken").resource(new PodBuilder().withNewMetadata().withName("clash-1")
        .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
        .build()).create();
    client.resource(podJob("taken", "clash", "0", 0)).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> "PodNameTaken".equals(runningReason("taken", "clash")));
    assertThat(get("taken", "clash").getStatus().getAttempts()).isEmpty();

    client.pods().inNamespace("taken").withName("clash-1").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      var job = get("taken", "clash");
      return job.getStatus().getPhase() == JobPhase.Succeeded;
    });
    assertThat(get("taken", "clash").getStatus().getAttempts()).hasSize(1);
  }
}
