package dev.anvil.operator;

import static dev.anvil.operator.TestJobs.podJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.operator.config.LeaderElection;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.KubeletStandIn;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two replicas with leader election: one holds the Lease and runs the Jobs; the other takes over when it stops. */
class LeaderElectionIT {

  private static final LeaderElection ELECTION =
      new LeaderElection("anvil-system", "anvil-operator", Duration.ofSeconds(5), false);

  private static String holder(KubernetesClient client) {
    var lease = client.resources(Lease.class).inNamespace("anvil-system").withName("anvil-operator").get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static void awaitSucceeded(KubernetesClient client, String name) {
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      var job = client.resources(Job.class).inNamespace("le").withName(name).get();
      return job != null && job.getStatus() != null && job.getStatus().getPhase() == JobPhase.Succeeded;
    });
  }

  @Test
  void aStandbyReplicaTakesOverWhenTheLeaderStops() {
    try (var api = EmbeddedKubeApi.start(); var client = api.newClient(); var kubelet = new KubeletStandIn(client)) {
      var first = AnvilOperator.start(client, OperatorConfig.local().withLeaderElection(ELECTION, "replica-a"));
      await().atMost(Duration.ofSeconds(10)).until(() -> "replica-a".equals(holder(client)));
      try (var second = AnvilOperator.start(client, OperatorConfig.local().withLeaderElection(ELECTION, "replica-b"))) {
        client.resource(podJob("le", "before", "0", 0)).create();
        awaitSucceeded(client, "before");
        assertThat(holder(client)).isEqualTo("replica-a");

        first.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> "replica-b".equals(holder(client)));
        client.resource(podJob("le", "after", "0", 0)).create();
        awaitSucceeded(client, "after");
      }
      assertThat(kubelet.started()).isEqualTo(2);
    }
  }
}
