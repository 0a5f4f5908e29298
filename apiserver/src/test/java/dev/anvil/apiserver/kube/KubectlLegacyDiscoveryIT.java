package dev.anvil.apiserver.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl against the apiserver with aggregated discovery off, as against a server older than 1.26: it falls back to
 * the per-group-version documents and works the same.
 */
class KubectlLegacyDiscoveryIT {

  @TempDir
  static Path home;
  private static ApiServerWithEmbeddedKube server;
  private static Kubectl kubectl;

  @BeforeAll
  static void boot() throws IOException {
    server = ApiServerWithEmbeddedKube.start("--anvil.kube.aggregated-discovery=false");
    kubectl = Kubectl.pointedAt(server.url(), home);
  }

  @AfterAll
  static void shutDown() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void kubectlFallsBackToTheGroupVersionDocuments() {
    var result = kubectl.run("api-resources", "--api-group=anvil.dev", "-v=6");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).contains("GET " + server.url() + "/apis/anvil.dev/v1alpha1?timeout=32s 200");
    assertThat(result.out()).containsPattern("workflows\\s+awf\\s+anvil.dev/v1alpha1\\s+true\\s+Workflow");
    var get = kubectl.run("get", "awf", "-A");
    assertThat(get.exitCode()).as(get.err()).isZero();
    assertThat(get.err()).contains("No resources found");
  }
}
