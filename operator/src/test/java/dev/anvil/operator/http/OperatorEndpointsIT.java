package dev.anvil.operator.http;

import static dev.anvil.operator.TestJobs.podJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.KubeletStandIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Metrics and health, as the chart's probes and Prometheus see them. (Leader election is not exercised here: JOSDK
 * first checks its Lease permissions with a SelfSubjectRulesReview, which the mock API cannot answer.)
 */
class OperatorEndpointsIT {

  private static String get(int port, String path) throws Exception {
    var response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  @Test
  void metricsCountReconcilesAndJobsByOutcome() throws Exception {
    try (var api = EmbeddedKubeApi.start(); var client = api.newClient(); var kubelet = new KubeletStandIn(client)) {
      var config = OperatorConfig.local().withHttpPort(0);
      try (var operator = AnvilOperator.start(client, config)) {
        int port = operator.httpPort();
        assertThat(get(port, "/healthz")).startsWith("200");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get(port, "/readyz")).startsWith("200"));

        client.resource(podJob("m", "ok", "0", 0)).create();
        client.resource(podJob("m", "ko", "1", 0)).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.resources(Job.class).inNamespace("m").list()
            .getItems().stream().allMatch(j -> j.getStatus() != null
                && (j.getStatus().getPhase() == JobPhase.Succeeded || j.getStatus().getPhase() == JobPhase.Failed)));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(get(port, "/metrics"))
            .contains("anvil_jobs_finished_total{outcome=\"succeeded\"} 1.0")
            .contains("anvil_jobs_finished_total{outcome=\"failed\"} 1.0")
            .contains("anvil_reconcile_seconds_count{kind=\"Job\"}")
            .contains("anvil_job_attempts_started_total 2.0"));
      }
    }
  }
}
