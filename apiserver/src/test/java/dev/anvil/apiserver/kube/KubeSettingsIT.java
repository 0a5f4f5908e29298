package dev.anvil.apiserver.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.Job;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kubectl against the apiserver set up as for a real cluster and an older server: aggregated discovery off (kubectl
 * falls back to the per-group-version documents) and {@code validate=none} (writes go to the backing API as sent).
 */
class KubeSettingsIT {

  @RegisterExtension
  static final KubectlFixture KUBE = new KubectlFixture("--anvil.kube.aggregated-discovery=false", "--anvil.kube.validate=none");

  @Test
  void withoutAggregatedDiscoveryKubectlFallsBackToTheGroupVersionDocuments() {
    var result = KUBE.kubectl().run("api-resources", "--api-group=anvil.dev", "-v=6");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).contains("GET " + KUBE.server().url() + "/apis/anvil.dev/v1alpha1?timeout=32s 200");
    assertThat(result.out()).containsPattern("workflows\\s+awf\\s+anvil.dev/v1alpha1\\s+true\\s+Workflow");
    var get = KUBE.kubectl().run("get", "awf", "-A");
    assertThat(get.exitCode()).as(get.err()).isZero();
    assertThat(get.err()).contains("No resources found");
  }

  @Test
  void withValidationLeftToTheClusterAWriteIsForwardedAsSent() throws IOException {
    var file = KUBE.home().resolve("unchecked.yaml");
    Files.writeString(file, """
        apiVersion: anvil.dev/v1alpha1
        kind: Job
        metadata: {name: unchecked, namespace: default}
        spec:
          retry: {limit: 1000}
        """);
    var result = KUBE.kubectl().run("create", "-f", file.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    var stored = KUBE.server().backing().resources(Job.class).inNamespace("default").withName("unchecked").get();
    assertThat(stored.getSpec().getRetry().getLimit()).isEqualTo(1000);
    assertThat(stored.getSpec().getExecutor()).as("not defaulted here either").isNull();
  }
}
