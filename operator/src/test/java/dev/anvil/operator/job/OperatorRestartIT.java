package dev.anvil.operator.job;

import static dev.anvil.operator.TestJobs.podJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.KubeletStandIn;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Killing the operator mid-run never starts an attempt twice: names are deterministic and reconciles level-based. */
class OperatorRestartIT {

  private EmbeddedKubeApi api;
  private KubernetesClient client;
  private KubeletStandIn kubelet;

  @BeforeEach
  void start() {
    api = EmbeddedKubeApi.start();
    client = api.newClient();
    kubelet = new KubeletStandIn(client);
  }

  @AfterEach
  void stop() {
    kubelet.close();
    client.close();
    api.close();
  }

  private Job get(String ns, String name) {
    return client.resources(Job.class).inNamespace(ns).withName(name).get();
  }

  private void awaitPhase(String ns, String name, JobPhase phase) {
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      var job = get(ns, name);
      return job != null && job.getStatus() != null && job.getStatus().getPhase() == phase;
    });
  }

  @Test
  void anOperatorRestartedWhileAnAttemptRunsAdoptsItInsteadOfStartingAnother() {
    var first = AnvilOperator.start(client, OperatorConfig.local());
    client.resource(podJob("restart", "long", "0", 1500)).create();
    awaitPhase("restart", "long", JobPhase.Running);
    first.close();

    try (var second = AnvilOperator.start(client, OperatorConfig.local())) {
      awaitPhase("restart", "long", JobPhase.Succeeded);
    }
    assertThat(get("restart", "long").getStatus().getAttempts()).hasSize(1);
    assertThat(client.pods().inNamespace("restart").list().getItems()).hasSize(1);
    assertThat(kubelet.started()).isEqualTo(1);
  }

  @Test
  void aPodCreatedJustBeforeACrashIsAdoptedAsTheAttempt() {
    // The operator crashed after creating attempt 1's Pod and before recording it in the status.
    var job = client.resource(podJob("crash", "half-done", "0", 300)).create();
    client.resource(AttemptPods.build(job, 1, null)).create();

    try (var operator = AnvilOperator.start(client, OperatorConfig.local())) {
      awaitPhase("crash", "half-done", JobPhase.Succeeded);
    }
    var done = get("crash", "half-done");
    assertThat(done.getStatus().getAttempts()).singleElement()
        .satisfies(a -> assertThat(a.getPod()).isEqualTo("half-done-1"));
    assertThat(client.pods().inNamespace("crash").list().getItems()).hasSize(1);
    assertThat(kubelet.started()).isEqualTo(1);
  }

  @Test
  void aRetryDueWhileTheOperatorWasDownStartsExactlyOnce() {
    var first = AnvilOperator.start(client, OperatorConfig.local());
    var job = podJob("backoff", "retry-later", "1,0", 0);
    var retry = dev.anvil.operator.TestJobs.retry(1);
    retry.getBackoff().setInitial("1s");
    job.getSpec().setRetry(retry);
    client.resource(job).create();
    awaitPhase("backoff", "retry-later", JobPhase.Retrying);
    first.close();
    var due = Instant.parse(get("backoff", "retry-later").getStatus().getNextAttemptTime());
    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(due)); // the retry fell due while down

    try (var second = AnvilOperator.start(client, OperatorConfig.local())) {
      awaitPhase("backoff", "retry-later", JobPhase.Succeeded);
    }
    assertThat(get("backoff", "retry-later").getStatus().getAttempts()).hasSize(2);
    assertThat(client.pods().inNamespace("backoff").list().getItems()).hasSize(2);
    assertThat(kubelet.started()).isEqualTo(2);
  }
}
