package dev.anvil.operator.job;

import static dev.anvil.operator.TestJobs.podJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.operator.status.Conditions;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.KubeletStandIn;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A Job whose JSON does not even fit the Java types (the mock API stores anything) fails as InvalidSpec with the
 * field named, and does not stop the others.
 */
class MalformedJobIT {

  @Test
  void aMalformedJobDoesNotStopTheOthers() {
    try (var api = EmbeddedKubeApi.start(); var client = api.newClient(); var kubelet = new KubeletStandIn(client)) {
      var malformed = Serialization.unmarshal("""
          apiVersion: anvil.dev/v1alpha1
          kind: Job
          metadata: {name: malformed, namespace: bad}
          spec:
            retry: {limit: three}
            template: {spec: {containers: [{name: main, image: busybox}]}}
          """, GenericKubernetesResource.class);
      client.resource(malformed).create();
      try (var operator = AnvilOperator.start(client, OperatorConfig.local())) {
        client.resource(podJob("bad", "fine", "0", 0)).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
          var job = client.resources(Job.class).inNamespace("bad").withName("fine").get();
          return job != null && job.getStatus() != null && job.getStatus().getPhase() == JobPhase.Succeeded;
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
          var job = client.resources(Job.class).inNamespace("bad").withName("malformed").get();
          assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Failed);
          assertThat(Conditions.find(job.getStatus().getConditions(), JobStatus.FAILED).getMessage())
              .startsWith("spec.retry.limit: Cannot deserialize value of type `java.lang.Integer` from String \"three\"");
        });
        // the status write left the user's spec as it was
        var stored = client.genericKubernetesResources("anvil.dev/v1alpha1", "Job").inNamespace("bad")
            .withName("malformed").get();
        assertThat(stored.get("spec", "retry", "limit").toString()).isEqualTo("three");
      }
    }
  }
}
