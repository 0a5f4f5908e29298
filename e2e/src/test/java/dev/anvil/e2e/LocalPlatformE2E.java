package dev.anvil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.e2e.platform.LocalPlatform;
import dev.anvil.e2e.platform.PlatformOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole local platform — embedded API, operator, kubelet stand-in, central Redis, agent hub and one agent — runs
 * every example to its end state.
 */
@Timeout(90)
class LocalPlatformE2E {

  private static LocalPlatform platform;

  @BeforeAll
  static void start() throws InterruptedException {
    var options = PlatformOptions.parse("--kubelet-stand-in", "--exit-when-done", "--examples", "../examples",
        "--port", "0", "--http-port", "0", "--timeout", "45s");
    platform = LocalPlatform.start(options, System.out);
    assertThat(platform.awaitExamplesSettled(options.timeout()))
        .as("every example Job settles within %s", options.timeout()).isTrue();
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  /** The end state each example is written to reach: phase and number of attempts. */
  private record End(JobPhase phase, int attempts) {
  }

  @Test
  void everyExampleJobReachesItsExpectedEndState() {
    var expected = Map.of(
        "default/hello", new End(JobPhase.Succeeded, 1),
        "default/agent-hello", new End(JobPhase.Succeeded, 1),
        "default/flaky-download", new End(JobPhase.Succeeded, 2),
        "default/nightly-report", new End(JobPhase.Succeeded, 1),
        "batch-lab/sweep-a", new End(JobPhase.Succeeded, 1),
        "batch-lab/sweep-b", new End(JobPhase.Succeeded, 1),
        "batch-lab/sweep-c", new End(JobPhase.Succeeded, 1),
        "default/bad-flags", new End(JobPhase.Failed, 1),
        "default/held", new End(JobPhase.Suspended, 0));
    assertThat(platform.exampleJobs()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach((key, end) -> {
      var job = get(key);
      assertThat(job.getStatus().getPhase()).as("phase of %s", key).isEqualTo(end.phase());
      assertThat(job.getStatus().getAttempts()).as("attempts of %s", key).hasSize(end.attempts());
    });
  }

  @Test
  void theAgentExampleRanOnTheLocalAgentAndReportedItsResult() {
    var job = get("default/agent-hello");
    assertThat(job.getStatus().getResults()).containsEntry("verdict", "pass");
    assertThat(job.getStatus().getAttempts()).singleElement()
        .satisfies(a -> assertThat(a.getExitCode()).isZero());
  }

  @Test
  void theQuotaNamespaceRanAtMostTwoSweepsAtOnce() {
    var sweeps = java.util.stream.Stream.of("sweep-a", "sweep-b", "sweep-c")
        .map(n -> get("batch-lab/" + n).getStatus().getAttempts().get(0)).toList();
    // each sweep runs 300 ms: with a limit of 2 one of them starts only after another finished
    var lastStart = sweeps.stream().map(a -> Instant.parse(a.getStartTime())).max(Instant::compareTo).orElseThrow();
    var firstFinish = sweeps.stream().map(a -> Instant.parse(a.getFinishTime())).min(Instant::compareTo).orElseThrow();
    assertThat(lastStart).isAfterOrEqualTo(firstFinish);
  }

  @Test
  void theOperatorServesMetrics() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var response = http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://localhost:" + platform.httpPort() + "/metrics")).timeout(Duration.ofSeconds(5))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("anvil");
  }

  private static Job get(String key) {
    var parts = key.split("/");
    var job = platform.client().resources(Job.class).inNamespace(parts[0]).withName(parts[1]).get();
    assertThat(job).as("Job %s", key).isNotNull();
    return job;
  }

}
